import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { EventStreamClient } from '../support/event-stream-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'

interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
}

/** Events must reach an admin within a second of what caused them (issue 11). */
const withinMs = 1000

describe('the system event stream (GET /corral/v1/admin/events)', () => {
  let corral: TestCorral
  let admin: SignedIn
  const streams: EventStreamClient[] = []

  const open = async (options: Parameters<typeof EventStreamClient.open>[1] = {}) => {
    const stream = await EventStreamClient.open(corral.url, { token: admin.api.token, ...options })
    streams.push(stream)
    return stream
  }
  const ready = async (stream: EventStreamClient) => {
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await stream.waitForEvent('ready')
    return stream
  }

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(async () => {
    for (const stream of streams) stream.close()
    await corral?.close()
  })

  it('reports a chat request to the backend as queued, started and finished, within a second', async () => {
    const stream = await ready(await open({ query: 'types=request' }))
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    const sent = performance.now()
    const response = await fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false }),
    })
    expect(response.status).toBe(200)
    const answered = performance.now()
    const requestId = response.headers.get('x-corral-request-id')!
    const finished = await stream.waitForEvent('request.finished', { request_id: requestId }, 3000)
    expect(finished.receivedAt - answered).toBeLessThan(withinMs)
    const types = stream.messages
      .filter((message) => (JSON.parse(message.data) as { request_id?: string }).request_id === requestId)
      .map((message) => message.event)
    expect(types).toEqual(['request.queued', 'request.started', 'request.finished'])
    const [queued, started, done] = stream
      .events<Record<string, unknown>>('request.queued', 'request.started', 'request.finished')
      .filter((event) => event.request_id === requestId)
    expect(queued).toMatchObject({
      user_id: user.userId,
      username: user.username,
      model: 'llama3.2:latest',
      priority: 5,
    })
    expect(typeof started!.backend_id).toBe('string')
    expect(typeof started!.queue_wait_ms).toBe('number')
    expect(done).toMatchObject({ status: 200, error: null })
    expect(done!.prompt_tokens as number).toBeGreaterThan(0)
    expect(done!.output_tokens as number).toBeGreaterThan(0)
    expect(done!.duration_ms as number).toBeLessThanOrEqual(answered - sent + 50)
  })

  it('reports a refused request with the reason the metrics count it under', async () => {
    const stream = await ready(await open({ query: 'types=request.refused,limit' }))
    const user = await createUser(admin.api)
    // A key limited to one request a minute: the second is refused by the rate limit.
    const { key, id } = await createKey(user.api, { limits: { requests_per_minute: 1 } })
    const chat = () =>
      fetch(`${corral.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'llama3.2', messages: [], stream: false }),
      })
    expect((await chat()).status).toBe(200)
    const refused = await chat()
    expect(refused.status).toBe(429)
    const event = await stream.waitForEvent('request.refused', { user_id: user.userId }, withinMs)
    expect(JSON.parse(event.data)).toMatchObject({ reason: 'rpm', status: 429, key_id: id })
    const limit = await stream.waitForEvent('limit.reached', { scope_id: id }, withinMs)
    expect(JSON.parse(limit.data)).toMatchObject({
      scope: 'key',
      limit: 'rate',
      percent: 100,
      user_id: user.userId,
    })
  })

  it('reports a settings change and its audit record within a second', async () => {
    const stream = await ready(await open({ query: 'types=settings,audit' }))
    const current = await admin.api.get<{ queue: { max_wait_seconds: number } }>('/corral/v1/admin/settings')
    const changed = performance.now()
    const patched = await admin.api.patch('/corral/v1/admin/settings', {
      queue: { max_wait_seconds: current.body.queue.max_wait_seconds + 1 },
    })
    expect(patched.status).toBe(200)
    const settings = await stream.waitForEvent('settings.changed', {}, withinMs)
    expect(settings.receivedAt - changed).toBeLessThan(withinMs)
    expect(JSON.parse(settings.data)).toMatchObject({ sections: ['queue'], actor_id: admin.userId })
    const audit = await stream.waitForEvent('audit', { action: 'settings.update' }, withinMs)
    expect(JSON.parse(audit.data)).toMatchObject({ actor_id: admin.userId, actor_name: admin.username })
  })

  it('reports backends added, down, drained, resized and removed', async () => {
    const stream = await ready(await open({ query: 'types=backend' }))
    // Nothing listens on port 9 (discard): the new backend is down from its first check.
    const added = await admin.api.post<{ id: string }>('/corral/v1/admin/backends', {
      url: 'http://127.0.0.1:9',
      name: 'nowhere',
    })
    expect(added.status).toBe(201)
    const id = added.body.id
    await stream.waitForEvent('backend.added', { backend_id: id, name: 'nowhere' }, withinMs)
    await stream.waitForEvent('backend.down', { backend_id: id }, withinMs)
    expect(
      (await admin.api.patch(`/corral/v1/admin/backends/${id}`, { state: 'draining', slots: 3 })).status,
    ).toBe(200)
    await stream.waitForEvent('backend.drained', { backend_id: id, draining: true }, withinMs)
    await stream.waitForEvent('backend.slots', { backend_id: id, slots: 3 }, withinMs)
    expect((await admin.api.delete(`/corral/v1/admin/backends/${id}`)).status).toBe(204)
    await stream.waitForEvent('backend.removed', { backend_id: id }, withinMs)
    // Health is reported on changes only: the failed checks that follow add no second `down`.
    expect(stream.events('backend.down').filter((event) => event.backend_id === id)).toHaveLength(1)
  })

  it('reports every new account, created by an admin or registered', async () => {
    const stream = await ready(await open({ query: 'types=user.registered' }))
    const username = `new-${Math.random().toString(36).slice(2, 8)}`
    const created = await admin.api.post<{ id: string }>('/corral/v1/admin/users', {
      username,
      password: strongPassword(),
    })
    expect(created.status).toBe(201)
    await stream.waitForEvent('user.registered', { user_id: created.body.id, username }, withinMs)
  })

  it('replays what a reconnecting admin missed after its Last-Event-ID', async () => {
    const first = await ready(await open({ query: 'types=audit' }))
    await admin.api.post('/corral/v1/admin/groups', { name: `replay-a-${Date.now()}`, priority: 4 })
    const seen = await first.waitForEvent('audit', { action: 'group.create' }, withinMs)
    first.close()
    const missed = `replay-b-${Date.now()}`
    await admin.api.post('/corral/v1/admin/groups', { name: missed, priority: 4 })
    const resumed = await open({ query: 'types=audit', headers: { 'last-event-id': seen.id! } })
    const replayed = await resumed.waitForEvent('audit', { action: 'group.create' }, withinMs)
    expect(Number(replayed.id)).toBeGreaterThan(Number(seen.id))
    expect(resumed.events('reset')).toEqual([])
    // Also with ?since=, for clients that cannot set the header.
    const bySince = await open({ query: `types=audit&since=${seen.id!}` })
    expect((await bySince.waitForEvent('audit', { action: 'group.create' }, withinMs)).id).toBe(replayed.id)
  })

  it('sends a reset when the events after the resume point are not kept', async () => {
    // A resume point ahead of this process: the server restarted and numbers from 1 again.
    const stream = await open({ headers: { 'last-event-id': String(corral.corral.events.lastSeq + 1000) } })
    const reset = await stream.waitForEvent('reset', {}, withinMs)
    expect(JSON.parse(reset.data)).toEqual({ last_seq: corral.corral.events.lastSeq })
  })

  it('refuses a caller without a session with 401 in the documented shape', async () => {
    const response = await fetch(`${corral.url}/corral/v1/admin/events`)
    expect(response.status).toBe(401)
    const body = (await response.json()) as ErrorBody
    expect(body).toMatchObject({
      statusCode: 401,
      code: 'CORRAL_ERR_UNAUTHENTICATED',
    })
    expect(typeof body.error).toBe('string')
  })

  it('refuses a user who is not an admin with 403', async () => {
    const user = await createUser(admin.api)
    const response = await fetch(`${corral.url}/corral/v1/admin/events`, {
      headers: { authorization: `Bearer ${user.api.token!}` },
    })
    expect(response.status).toBe(403)
    expect((await response.json()) as ErrorBody).toMatchObject({
      statusCode: 403,
      code: 'CORRAL_ERR_FORBIDDEN',
    })
  })

  it('refuses a page of another origin, even with an admin session', async () => {
    const foreign = await fetch(`${corral.url}/corral/v1/admin/events`, {
      headers: { authorization: `Bearer ${admin.api.token!}`, origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
    expect((await foreign.json()) as ErrorBody).toMatchObject({ code: 'CORRAL_ERR_CROSS_SITE' })
    const crossSite = await fetch(`${corral.url}/corral/v1/admin/events`, {
      headers: { authorization: `Bearer ${admin.api.token!}`, 'sec-fetch-site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
  })

  it('refuses an unknown event type with 400', async () => {
    const response = await fetch(`${corral.url}/corral/v1/admin/events?types=request,nonsense`, {
      headers: { authorization: `Bearer ${admin.api.token!}` },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as ErrorBody
    expect(body.code).toBe('CORRAL_ERR_VALIDATION')
    expect(body.message).toMatch(/nonsense/)
  })

  it('is declared in the OpenAPI document', async () => {
    const document = (await (await fetch(`${corral.url}/corral/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>
    }
    const route = document.paths['/corral/v1/admin/events']?.get
    expect(route?.parameters?.map((parameter) => parameter.name).sort()).toEqual(['since', 'types'])
  })
})
