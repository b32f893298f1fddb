import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { sql } from 'drizzle-orm'
import { requestLogCsvColumns } from '@corral/contracts'
import { rowsOf } from '@corral/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { parseCsvDocument } from '../support/csv-document.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import type { CorralErrorBody } from './admin-helpers.ts'
import { allPages, seed, usageRecord, type LogRecord } from './request-log-helpers.ts'

const day = Date.UTC(2026, 2, 10, 8)
const at = (minutes: number) => new Date(day + minutes * 60_000)
/**
 * A full garbage collection, so the heap measured is what is still held, not garbage waiting for a
 * collector that would run later (a heap can float far above what is live).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

const window = { from: at(0).toISOString(), to: at(60).toISOString() }

describe('the request log export', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let groupId: string

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    groupId = (await user.api.get<{ group: { id: string } }>('/corral/v1/me')).body.group.id
    const key = await createKey(user.api, { name: '=cmd|" /C calc"!A0' })
    await seed(corral, [
      usageRecord({ userId: user.userId, groupId, keyId: key.id, finishedAt: at(1), model: 'plain' }),
      usageRecord({
        userId: user.userId,
        groupId,
        finishedAt: at(2),
        model: 'we,ird "model"\nname',
        status: 502,
        error: '@SUM(1+1)\r\nsecond line, with a comma',
        requeues: 1,
        backendsTried: ['b-one', 'b-two'],
        backendId: 'b-two',
      }),
      usageRecord({
        userId: user.userId,
        groupId,
        finishedAt: at(3),
        model: '+1',
        status: 499,
        timeToFirstTokenMs: null,
      }),
    ])
    // Starting Corral and seeding take seconds, or a minute on a machine shared by many test runs.
  }, 120_000)
  afterAll(() => corral?.close())

  const exportOf = (query: Record<string, string>) =>
    fetch(`${corral.url}/corral/v1/admin/requests/export?${new URLSearchParams(query).toString()}`, {
      headers: { authorization: `Bearer ${admin.api.token}` },
    })

  it('exports the filtered view as CSV: escaped, formula cells made inert, the range in the filename', async () => {
    const response = await exportOf(window)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="corral-requests-20260310T0800Z-20260310T0900Z.csv"',
    )
    const [header, ...rows] = parseCsvDocument(await response.text())
    expect(header).toEqual([...requestLogCsvColumns])
    const column = (row: string[], name: (typeof requestLogCsvColumns)[number]) =>
      row[requestLogCsvColumns.indexOf(name)]
    expect(rows.map((row) => column(row, 'model'))).toEqual(["'+1", 'we,ird "model"\nname', 'plain'])
    expect(column(rows[1]!, 'error')).toBe("'@SUM(1+1)\r\nsecond line, with a comma")
    expect(column(rows[1]!, 'backends_tried')).toBe('b-one b-two')
    expect(column(rows[1]!, 'requeues')).toBe('1')
    expect(column(rows[2]!, 'key_name')).toBe(`'=cmd|" /C calc"!A0`)
    expect(column(rows[2]!, 'username')).toBe(user.username)
    expect(column(rows[0]!, 'time_to_first_token_ms')).toBe('')
    // The same records as the log shows, in the same order.
    const listed = await allPages(admin.api, window)
    expect(rows.map((row) => Number(column(row, 'id')))).toEqual(listed.map((record) => record.id))
  })

  it('exports NDJSON with exactly the fields of the API, one record a line', async () => {
    const response = await exportOf({ ...window, format: 'ndjson' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/filename="corral-requests-.*\.ndjson"/)
    const text = await response.text()
    expect(text.endsWith('\n')).toBe(true)
    const records = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as LogRecord)
    expect(records).toEqual(await allPages(admin.api, window))
    expect(records[1]!.model).toBe('we,ird "model"\nname')
  })

  it('exports only what the filters select', async () => {
    const response = await exportOf({ ...window, status: '5xx', format: 'ndjson' })
    const lines = (await response.text()).trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as LogRecord).status)).toEqual([502])
    const empty = await exportOf({ ...window, status: '3xx' })
    expect(parseCsvDocument(await empty.text())).toEqual([[...requestLogCsvColumns]])
  })

  it('refuses bad filters with a JSON error before any CSV is sent', async () => {
    const refused: Record<string, string>[] = [
      { format: 'xlsx' },
      { status: 'nope' },
      { from: window.to, to: window.from },
    ]
    for (const query of refused) {
      const response = await exportOf(query)
      expect(response.status, JSON.stringify(query)).toBe(400)
      expect(response.headers.get('content-type')).toContain('application/json')
      expect(((await response.json()) as CorralErrorBody).code).toBe('CORRAL_ERR_VALIDATION')
    }
  })

  it(
    'streams a large export in bounded memory, every record exactly once',
    { timeout: 240_000 },
    async () => {
      const rows = 50_000
      const padding = 'p'.repeat(3000)
      const model = 'bulk-export-model'
      await corral.corral.database.db.execute(sql`
        insert into users.usage_records (request_id, user_id, group_id, model, backend_id, endpoint, source, status,
          prompt_tokens, output_tokens, queue_wait_ms, time_to_first_token_ms, duration_ms, priority, error, finished_at)
        select 'bulk-' || n, ${user.userId}::uuid, ${groupId}::uuid, ${model}, 'gpu-' || (n % 3), '/api/chat', 'api',
          200, n % 1000, n % 700, n % 50, 30, 200, 5, ${padding},
          timestamptz '2026-04-01T00:00:00Z' + (n / 7) * interval '1 second'
        from generate_series(1, ${rows}) as n`)
      const [bounds] = await rowsOf<{ low: string; high: string }>(
        corral.corral.database.db,
        sql`select min(id)::text as low, max(id)::text as high from users.usage_records where model = ${model}`,
      )
      const low = Number(bounds!.low)
      const seen = new Uint8Array(Number(bounds!.high) - low + 1)

      collectGarbage()
      const baseline = process.memoryUsage()
      let peakHeap = baseline.heapUsed
      let peakRss = baseline.rss
      let nextSample = 0
      const started = performance.now()
      const response = await exportOf({ model })
      expect(response.status).toBe(200)
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
      let bytes = 0
      let lines = 0
      let partial = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        bytes += value.length
        const parts = (partial + value).split('\n')
        partial = parts.pop()!
        for (const line of parts) {
          if (lines++ === 0) continue
          const id = Number(line.slice(0, line.indexOf(',')))
          seen[id - low]!++
        }
        if (bytes < nextSample) continue
        nextSample = bytes + 8 * 2 ** 20
        collectGarbage()
        const memory = process.memoryUsage()
        peakHeap = Math.max(peakHeap, memory.heapUsed)
        peakRss = Math.max(peakRss, memory.rss)
      }
      expect(partial).toBe('')
      expect(lines - 1).toBe(rows)
      expect(seen.every((count) => count === 1)).toBe(true)
      const heapGrowth = peakHeap - baseline.heapUsed
      console.info(
        `exported ${rows} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
          `live heap grew at most ` +
          `${(heapGrowth / 2 ** 20).toFixed(0)} MiB, RSS ${((peakRss - baseline.rss) / 2 ** 20).toFixed(0)} MiB`,
      )
      // Held in memory, the export would need its whole size (about 150 MiB) at once.
      expect(bytes).toBeGreaterThan(140 * 2 ** 20)
      expect(heapGrowth).toBeLessThan(40 * 2 ** 20)
    },
  )
})
