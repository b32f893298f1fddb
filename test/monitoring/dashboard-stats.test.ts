import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatsReport, BackendStatsReport } from '@corral/contracts'
import type { UsageRecord } from '@corral/core'
import { latencyBinEdges } from '../../services/users/src/stats/latency-bins.ts'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import type { CorralErrorBody } from '../admin/admin-helpers.ts'
import {
  binEdge,
  exactPercentile,
  getStats,
  localDay,
  seedRecords,
  totalsOf,
  within,
  type Person,
} from './stats-helpers.ts'

/**
 * The dashboards' aggregates (docs/monitoring.md, "Dashboards"): records are written through the
 * users service's batch write (the one the proxy's recorder calls), and every figure the API answers
 * is compared with the same figure computed here from the records themselves.
 */
describe('admin dashboard stats', () => {
  let corral: TestCorral
  let admin: SignedIn
  let records: UsageRecord[]
  let backendId: string
  const start = Date.parse('2026-03-09T20:00:00Z')
  const span = 3 * 86_400_000

  const stats = async (query: Record<string, string>) => {
    const response = await getStats<StatsReport>(admin.api, 'stats', query)
    if (response.status !== 200) throw new Error(`stats failed: ${JSON.stringify(response.body)}`)
    return response.body
  }

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    const backends = await admin.api.get<{ backends: { id: string }[] }>('/corral/v1/admin/backends')
    backendId = backends.body.backends[0]!.id
    const people: Person[] = []
    for (const priority of [5, 8]) {
      const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
        name: `stats-p${priority}`,
        priority,
      })
      for (let index = 0; index < 2; index++) {
        const user = await createUser(admin.api, { group: group.body.id })
        const key = await createKey(user.api, { name: 'stats' })
        people.push({ userId: user.userId, groupId: group.body.id, keyId: key.id, priority })
      }
    }
    records = seedRecords(people, start, span, 1200, [backendId, 'gone-backend'])
    for (let offset = 0; offset < records.length; offset += 100) {
      await corral.corral.users.usage.record(records.slice(offset, offset + 100))
    }
  }, 240_000)

  afterAll(() => corral?.close())

  for (const timeZone of ['UTC', 'Asia/Kolkata']) {
    it(`counts a range by local days in ${timeZone}, the days adding up to the tiles`, async () => {
      // Two whole local days: midnight to midnight in the zone.
      const offset = timeZone === 'UTC' ? 'Z' : '+05:30'
      const from = new Date(`2026-03-10T00:00:00${offset}`).toISOString()
      const to = new Date(`2026-03-12T00:00:00${offset}`).toISOString()
      const report = await stats({ from, to, tz: timeZone, bucket: '1d' })
      const inRange = within(records, from, to)

      expect(report).toMatchObject({ from, to, time_zone: timeZone, bucket: '1d' })
      expect(report.tiles).toMatchObject(totalsOf(inRange))
      expect(report.series.map((bucket) => bucket.bucket_start)).toEqual([
        from,
        new Date(Date.parse(from) + 86_400_000).toISOString(),
      ])
      for (const bucket of report.series) {
        const day = localDay(new Date(bucket.bucket_start), timeZone)
        const ofDay = inRange.filter((record) => localDay(record.finishedAt, timeZone) === day)
        expect(bucket).toMatchObject(totalsOf(ofDay))
      }
      expect(report.tiles.requests_per_minute).toBeCloseTo(inRange.length / (2 * 1440), 6)
    })
  }

  it('keeps the daily buckets of any range in any zone equal to the range total', async () => {
    const zones = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Adelaide']
    for (const [index, timeZone] of zones.entries()) {
      // Ranges that start and end mid-day, off the quarter-hour grid (the API snaps them outwards).
      const from = new Date(start + 3_600_000 * (index * 5 + 1) + 7 * 60_000 + 13_000).toISOString()
      const to = new Date(start + span - 3_600_000 * (index * 3 + 2) - 11 * 60_000).toISOString()
      const report = await stats({ from, to, tz: timeZone, bucket: '1d' })
      const sum = (field: 'requests' | 'errors' | 'prompt_tokens' | 'output_tokens') =>
        report.series.reduce((total, bucket) => total + bucket[field], 0)
      const snapped = totalsOf(within(records, report.from, report.to))
      expect(report.tiles, timeZone).toMatchObject(snapped)
      expect(
        {
          requests: sum('requests'),
          errors: sum('errors'),
          prompt_tokens: sum('prompt_tokens'),
          output_tokens: sum('output_tokens'),
        },
        timeZone,
      ).toEqual(snapped)
      expect(Date.parse(report.from) % 900_000).toBe(0)
      expect(Date.parse(report.from)).toBeLessThanOrEqual(Date.parse(from))
      expect(Date.parse(report.to)).toBeGreaterThanOrEqual(Date.parse(to))
    }
  })

  it('answers queue wait and time to first token percentiles per priority from the histograms', async () => {
    const from = new Date(start).toISOString()
    const to = new Date(start + span).toISOString()
    const report = await stats({ from, to, tz: 'UTC' })
    for (const priority of [5, 8]) {
      const ofClass = records.filter((record) => record.priority === priority)
      const waits = ofClass.map((record) => record.queueWaitMs)
      const ttfts = ofClass.flatMap((record) =>
        record.timeToFirstTokenMs === null ? [] : [record.timeToFirstTokenMs],
      )
      const expected = (values: number[]) => ({
        count: values.length,
        p50_ms: binEdge(latencyBinEdges, exactPercentile(values, 0.5)!),
        p95_ms: binEdge(latencyBinEdges, exactPercentile(values, 0.95)!),
        p99_ms: binEdge(latencyBinEdges, exactPercentile(values, 0.99)!),
      })
      expect(report.queue_wait_by_priority.find((row) => row.priority === priority)).toEqual({
        priority,
        ...expected(waits),
      })
      expect(report.time_to_first_token_by_priority.find((row) => row.priority === priority)).toEqual({
        priority,
        ...expected(ttfts),
      })
    }
    expect(report.tiles.queue_wait.count).toBe(records.length)
  })

  it('lists top users, keys, groups and models and errors by status as the records have them', async () => {
    const from = new Date(start).toISOString()
    const to = new Date(start + span).toISOString()
    const report = await stats({ from, to })
    const countBy = (pick: (record: UsageRecord) => string | null) => {
      const counts = new Map<string, number>()
      for (const record of records) {
        const value = pick(record)
        if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1)
      }
      return counts
    }
    const asMap = (rows: { id: string; requests: number }[]) =>
      new Map(rows.map((row) => [row.id, row.requests]))
    expect(asMap(report.top.users)).toEqual(countBy((record) => record.userId))
    expect(asMap(report.top.keys)).toEqual(countBy((record) => record.keyId))
    expect(asMap(report.top.groups)).toEqual(countBy((record) => record.groupId))
    expect(asMap(report.top.models)).toEqual(countBy((record) => record.model))
    expect(report.top.groups.map((row) => row.label).sort()).toEqual(['stats-p5', 'stats-p8'])
    expect(new Map(report.statuses.map((row) => [String(row.status), row.requests]))).toEqual(
      countBy((record) => String(record.status)),
    )
  })

  it("gives each backend's busy slot-seconds against its slots over the range", async () => {
    const from = new Date(start).toISOString()
    const to = new Date(start + span).toISOString()
    const response = await getStats<BackendStatsReport>(admin.api, 'stats/backends', { from, to })
    expect(response.status).toBe(200)
    const busyOf = (id: string) =>
      records
        .filter((record) => record.backendId === id)
        .reduce((sum, record) => sum + record.durationMs, 0) / 1000
    const live = response.body.backends.find((backend) => backend.backend_id === backendId)!
    expect(live.busy_slot_seconds).toBeCloseTo(busyOf(backendId), 6)
    expect(live.available_slot_seconds).toBe(live.slots * (span / 1000))
    expect(live.utilisation).toBeCloseTo(busyOf(backendId) / live.available_slot_seconds, 9)
    const gone = response.body.backends.find((backend) => backend.backend_id === 'gone-backend')!
    expect(gone).toMatchObject({ slots: 0, utilisation: null })
    expect(gone.busy_slot_seconds).toBeCloseTo(busyOf('gone-backend'), 6)
  })

  it('counts refusals from the event stream by reason', async () => {
    const at = new Date(start + 3_600_000 * 30).toISOString()
    const requester = {
      user_id: records[0]!.userId,
      username: 'x',
      key_id: null,
      group_id: null,
      model: 'm',
      priority: 5,
    }
    for (const [reason, status, times] of [
      ['queue-full', 503, 3],
      ['rate-limit', 429, 2],
    ] as const) {
      for (let index = 0; index < times; index++) {
        corral.corral.events.publish({
          type: 'request.refused',
          at,
          request_id: `r-${reason}-${index}`,
          ...requester,
          reason,
          status,
        })
      }
    }
    await corral.corral.proxy.recorder.flush()
    const report = await stats({
      from: new Date(start).toISOString(),
      to: new Date(start + span).toISOString(),
    })
    expect(report.refusals).toEqual([
      { reason: 'queue-full', status: 503, count: 3 },
      { reason: 'rate-limit', status: 429, count: 2 },
    ])
    expect(report.tiles.refusals).toBe(5)
    expect(report.series.reduce((sum, bucket) => sum + bucket.refusals, 0)).toBe(5)
  })

  it('reports in the configured time zone unless the request names one', async () => {
    const saved = await admin.api.patch('/corral/v1/admin/settings', { reporting_time_zone: 'Asia/Kolkata' })
    expect(saved.status).toBe(200)
    expect((await stats({ preset: '7d' })).time_zone).toBe('Asia/Kolkata')
    expect((await stats({ preset: '7d', tz: 'Europe/Berlin' })).time_zone).toBe('Europe/Berlin')
    const refused = await admin.api.patch<CorralErrorBody>('/corral/v1/admin/settings', {
      reporting_time_zone: 'Mars/Olympus',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.code).toBe('CORRAL_ERR_UNKNOWN_TIME_ZONE')
    await admin.api.patch('/corral/v1/admin/settings', { reporting_time_zone: 'UTC' })
  })

  it('starts month to date at local midnight on the first', async () => {
    const report = await stats({ preset: 'mtd', tz: 'Asia/Kolkata' })
    const from = new Date(report.from)
    expect(localDay(from, 'Asia/Kolkata').slice(8)).toBe('01')
    expect(new Date(from.getTime() - 1).getUTCMinutes()).toBe(29)
  })

  it('refuses reversed, over-long and unknown-zone ranges with a clear 400', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { from: '2026-03-10T00:00:00Z', to: '2026-03-09T00:00:00Z' },
        'CORRAL_ERR_INVALID_RANGE',
        /before it starts/,
      ],
      [
        { from: '2025-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
        'CORRAL_ERR_INVALID_RANGE',
        /at most 400 days/,
      ],
      [{ from: '2026-03-10T00:00:00Z' }, 'CORRAL_ERR_INVALID_RANGE', /both from and to/],
      [{ preset: '24h', tz: 'Mars/Olympus' }, 'CORRAL_ERR_UNKNOWN_TIME_ZONE', /Mars\/Olympus/],
      [
        { from: '2025-03-10T00:00:00Z', to: '2026-03-10T00:00:00Z', bucket: '1m' },
        'CORRAL_ERR_INVALID_RANGE',
        /more than 2000 buckets/,
      ],
    ]
    for (const [query, code, message] of cases) {
      // Only the dashboard figures take a bucket; the other two choose their own.
      for (const path of query.bucket ? ['stats'] : ['stats', 'stats/fairness', 'stats/backends']) {
        const response = await getStats<CorralErrorBody>(admin.api, path, query)
        expect(response.status, `${path} ${JSON.stringify(query)}`).toBe(400)
        expect(response.body.code).toBe(code)
        expect(response.body.message).toMatch(message)
      }
    }
  })

  it('is for admins only', async () => {
    const user = await createUser(admin.api)
    for (const path of ['stats', 'stats/fairness', 'stats/backends']) {
      expect((await getStats(user.api, path, { preset: '1h' })).status).toBe(403)
    }
  })
})
