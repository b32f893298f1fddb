import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { uniqueName, type CorralErrorBody } from './admin-helpers.ts'
import { allPages, logPage, seed, usageRecord, type LogRecord } from './request-log-helpers.ts'

/** The seeded records live on one past day, so the live requests of other tests never mix in. */
const day = Date.UTC(2026, 0, 15, 12)
const at = (minutes: number) => new Date(day + minutes * 60_000)
const window = { from: at(-60).toISOString(), to: at(60).toISOString() }

describe('the request log API', () => {
  let corral: TestCorral
  let admin: SignedIn
  let alice: SignedIn
  let bob: SignedIn
  let aliceKey: { id: string; key: string }
  let groupId: string
  let groupName: string
  const gpu1 = randomUUID()
  const gpu2 = randomUUID()

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    groupName = uniqueName('lab')
    groupId = (
      await admin.api.post<{ id: string }>('/corral/v1/admin/groups', { name: groupName, priority: 6 })
    ).body.id
    alice = await createUser(admin.api, { group: groupId })
    bob = await createUser(admin.api)
    aliceKey = await createKey(alice.api, { name: 'notebook' })
    const bobGroup = (await bob.api.get<{ group: { id: string } }>('/corral/v1/me')).body.group.id
    await seed(corral, [
      usageRecord({
        userId: alice.userId,
        groupId,
        keyId: aliceKey.id,
        backendId: gpu1,
        finishedAt: at(-50),
      }),
      usageRecord({
        userId: bob.userId,
        groupId: bobGroup,
        model: 'mistral',
        backendId: gpu2,
        endpoint: '/v1/chat/completions',
        status: 503,
        error: 'queue full',
        finishedAt: at(-40),
      }),
      usageRecord({
        userId: bob.userId,
        groupId: bobGroup,
        model: 'mistral',
        endpoint: '/api/generate',
        status: 429,
        backendId: null,
        finishedAt: at(-30),
      }),
      usageRecord({
        userId: alice.userId,
        groupId,
        backendId: gpu2,
        status: 502,
        requeues: 2,
        backendsTried: [gpu1, gpu2, gpu2],
        finishedAt: at(-20),
      }),
    ])
    // Starting Corral and seeding take seconds, or a minute on a machine shared by many test runs.
  }, 120_000)
  afterAll(() => corral?.close())

  const ids = (records: LogRecord[]) => records.map((record) => record.finished_at)

  it('lists the records newest first, with the names of user, key and group', async () => {
    const page = await logPage(admin.api, window)
    expect(ids(page.records)).toEqual([at(-20), at(-30), at(-40), at(-50)].map((date) => date.toISOString()))
    const first = page.records[3]!
    expect(first).toMatchObject({
      username: alice.username,
      key_name: 'notebook',
      group_name: groupName,
      backend_id: gpu1,
      backends_tried: [gpu1],
      requeues: 0,
      prompt_tokens: 10,
      output_tokens: 20,
      queue_wait_ms: 5,
      time_to_first_token_ms: 40,
      duration_ms: 100,
    })
    expect(page.records[0]).toMatchObject({ requeues: 2, backends_tried: [gpu1, gpu2, gpu2], key_name: null })
    expect(page.next_cursor).toBeNull()
  })

  const filterCases: [string, () => string, number[]][] = [
    ['user_id', () => alice.userId, [-20, -50]],
    ['key_id', () => aliceKey.id, [-50]],
    ['group_id', () => groupId, [-20, -50]],
    ['model', () => 'mistral', [-30, -40]],
    ['backend_id', () => gpu2, [-20, -40]],
    ['endpoint', () => '/api/generate', [-30]],
    ['status', () => '503', [-40]],
    ['status', () => '5xx', [-20, -40]],
    ['status', () => '2xx', [-50]],
    ['status', () => '4xx', [-30]],
  ]
  it.each(filterCases)('filters by %s (%s)', async (name, value, expected) => {
    const page = await logPage(admin.api, { ...window, [name]: value() })
    expect(ids(page.records)).toEqual(expected.map((minutes) => at(minutes).toISOString()))
  })

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const page = await logPage(admin.api, { from: at(-40).toISOString(), to: at(-20).toISOString() })
    expect(ids(page.records)).toEqual([at(-30), at(-40)].map((date) => date.toISOString()))
  })

  it('combines filters', async () => {
    const page = await logPage(admin.api, { ...window, user_id: bob.userId, status: '4xx', model: 'mistral' })
    expect(ids(page.records)).toEqual([at(-30).toISOString()])
  })

  it('shows one record with every field, and 404 for an id that does not exist', async () => {
    const [record] = (await logPage(admin.api, { ...window, status: '503' })).records
    const one = await admin.api.get<LogRecord>(`/corral/v1/admin/requests/${record!.id}`)
    expect(one.status).toBe(200)
    expect(one.body).toEqual(record)
    expect(one.body.error).toBe('queue full')
    const missing = await admin.api.get<CorralErrorBody>('/corral/v1/admin/requests/999999999')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'CORRAL_ERR_NOT_FOUND', error: 'Not Found' })
  })

  it('pages by cursor without duplicates or gaps while new records arrive', async () => {
    const userId = (await createUser(admin.api)).userId
    const base = Date.UTC(2026, 1, 3, 9)
    // Several records share a finished_at: the cursor's id breaks the tie.
    const seeded = Array.from({ length: 230 }, (_, index) =>
      usageRecord({ userId, groupId, finishedAt: new Date(base + Math.floor(index / 3) * 1000) }),
    )
    await seed(corral, seeded)
    const query = { user_id: userId, limit: 50 }
    const seen: LogRecord[] = []
    let cursor: string | null = null
    let newest: string | null = null
    for (let pageNumber = 0; ; pageNumber++) {
      const page = await logPage(admin.api, cursor ? { ...query, before: cursor } : query)
      newest ??= page.newest_cursor
      seen.push(...page.records)
      // Newer records arrive between pages; they are above the first page and never shift the rest.
      await seed(corral, [
        usageRecord({ userId, groupId, finishedAt: new Date(base + 600_000 + pageNumber) }),
      ])
      cursor = page.next_cursor
      if (!cursor) break
    }
    expect(seen).toHaveLength(230)
    expect(new Set(seen.map((record) => record.request_id))).toEqual(
      new Set(seeded.map((record) => record.requestId)),
    )
    const order = seen.map((record) => [Date.parse(record.finished_at), record.id] as const)
    for (let index = 1; index < order.length; index++) {
      const [time, id] = order[index]!
      const [previousTime, previousId] = order[index - 1]!
      expect(time < previousTime || (time === previousTime && id < previousId)).toBe(true)
    }

    // The tail: only what arrived after the first page, newest first, in pages that catch up.
    const tail = await logPage(admin.api, { user_id: userId, after: newest!, limit: 3 })
    expect(tail.has_newer).toBe(true)
    const rest = await logPage(admin.api, { user_id: userId, after: tail.newest_cursor!, limit: 50 })
    expect(rest.has_newer).toBe(false)
    const arrived = [...rest.records, ...tail.records].map((record) => Date.parse(record.finished_at))
    expect(arrived).toEqual([4, 3, 2, 1, 0].map((offset) => base + 600_000 + offset))
    const idle = await logPage(admin.api, { user_id: userId, after: rest.newest_cursor! })
    expect(idle).toMatchObject({ records: [], newest_cursor: rest.newest_cursor, has_newer: false })
    expect(await allPages(admin.api, { user_id: userId, limit: 100 })).toHaveLength(235)
  })

  it('records the requeues and the backends tried of a request a backend refused as busy', async () => {
    corral.sim.inject({ kind: 'busy' })
    const ollama = new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${aliceKey.key}` } })
    const since = new Date(Date.now() - 1000).toISOString()
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })
    let record: LogRecord | undefined
    await expect
      .poll(
        async () => (record = (await logPage(admin.api, { from: since, key_id: aliceKey.id })).records[0]),
      )
      .toBeDefined()
    expect(record).toMatchObject({ status: 200, requeues: 1, endpoint: '/api/chat', key_name: 'notebook' })
    expect(record!.backends_tried).toEqual([record!.backend_id, record!.backend_id])
    expect(record!.time_to_first_token_ms).toBeGreaterThan(0)
  })

  it.each([
    ['status', 'abc'],
    ['status', '6xx'],
    ['status', '5x'],
    ['endpoint', '/api/unknown'],
    ['user_id', 'not-a-uuid'],
    ['key_id', '42'],
    ['group_id', ''],
    ['from', 'yesterday'],
    ['limit', '0'],
    ['limit', '100000'],
    ['before', 'bm90IGEgY3Vyc29y'],
    ['after', 'not*a*cursor'],
  ])('refuses %s=%s with 400 in the documented shape', async (name, value) => {
    const answer = await admin.api.get<CorralErrorBody>(
      `/corral/v1/admin/requests?${new URLSearchParams({ [name]: value }).toString()}`,
    )
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      statusCode: 400,
      code: 'CORRAL_ERR_VALIDATION',
      error: 'Bad Request',
    })
    expect(answer.body.message.length).toBeGreaterThan(0)
  })

  it.each([
    ['a reversed range', { from: at(10).toISOString(), to: at(-10).toISOString() }, /reversed/],
    ['an empty range', { from: at(0).toISOString(), to: at(0).toISOString() }, /reversed or empty/],
    [
      'a range of years',
      { from: '2024-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' },
      /longer than 400 days/,
    ],
    ['a year before 2000', { from: '1970-01-01T00:00:00Z' }, /between 2000 and tomorrow/],
    ['a time far ahead', { to: '2999-01-01T00:00:00Z' }, /between 2000 and tomorrow/],
  ])('refuses %s', async (_name, query, message) => {
    const answer = await admin.api.get<CorralErrorBody>(
      `/corral/v1/admin/requests?${new URLSearchParams(query).toString()}`,
    )
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe('CORRAL_ERR_VALIDATION')
    expect(answer.body.message).toMatch(message)
  })

  it('refuses before and after together, and a malformed record id', async () => {
    const { newest_cursor: cursor } = await logPage(admin.api, window)
    const both = await admin.api.get<CorralErrorBody>(
      `/corral/v1/admin/requests?before=${cursor}&after=${cursor}`,
    )
    expect(both.status).toBe(400)
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const answer = await admin.api.get<CorralErrorBody>(`/corral/v1/admin/requests/${id}`)
      expect(answer.status, id).toBe(400)
      expect(answer.body.code, id).toBe('CORRAL_ERR_VALIDATION')
    }
  })

  it('is for admins only', async () => {
    for (const path of [
      '/corral/v1/admin/requests',
      '/corral/v1/admin/requests/1',
      '/corral/v1/admin/requests/export',
    ]) {
      expect((await bob.api.get(path)).status, path).toBe(403)
    }
  })
})
