import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import {
  collectEvents,
  ollamaChat,
  queueOf,
  runningRequests,
  waitingRequests,
} from './queue-board-helpers.ts'

describe('the queue board: what waits and why, cancel and promote', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let key: string

  beforeAll(async () => {
    // One slot in Corral, so a second request waits; slow tokens, so the first keeps it.
    corral = await startTestCorral({ config: { ollamaSlots: 1 }, sim: { tokenIntervalMs: 20 } })
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    key = (await createKey(user.api)).key
  }, 180_000) // starting on PGlite (migrations) takes long on a busy machine
  afterAll(() => corral?.close())

  it('shows a waiting request with its reason, and the running one with its progress', async () => {
    const blocker = ollamaChat(corral, key, 'block', 150)
    const [running] = await runningRequests(admin.api, 1)
    const waiter = ollamaChat(corral, key, 'wait')
    const [waiting] = await waitingRequests(admin.api, 1)
    const backendName = (await queueOf(admin.api)).backends[0]!.name
    expect(waiting).toMatchObject({
      user_id: user.userId,
      username: user.username,
      model: 'llama3.2:latest',
      priority: 5,
      promoted_from: null,
      effective_priority: 5,
      position: 1,
      model_position: 1,
      reason: { kind: 'slots-busy', slots: 1, text: `the only slot of ${backendName} is busy` },
    })
    expect(waiting!.group_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(waiting!.next_aging_ms).toBeGreaterThan(0)
    expect(waiting!.estimated_wait_ms).toBeGreaterThan(0)

    const mine = await user.api.get<{ waiting: { id: string; reason: { text: string } }[] }>(
      '/corral/v1/me/queue',
    )
    expect(mine.body.waiting).toEqual([expect.objectContaining({ id: waiting!.id, reason: waiting!.reason })])

    await expect
      .poll(async () => (await queueOf(admin.api)).running[0]?.output_tokens ?? 0)
      .toBeGreaterThan(3)
    const progress = (await queueOf(admin.api)).running[0]!
    expect(progress.id).toBe(running!.id)
    expect(progress.time_to_first_token_ms).toBeGreaterThanOrEqual(0)
    expect(progress.tokens_per_second).toBeGreaterThan(0)

    const cancelled = await admin.api.post(`/corral/v1/admin/queue/${waiting!.id}/cancel`)
    expect(cancelled.status).toBe(200)
    const answer = await waiter
    expect(answer.status).toBe(503)
    expect(await answer.json()).toEqual({ error: 'An operator cancelled this request' })
    await admin.api.post(`/corral/v1/admin/queue/${running!.id}/cancel`)
    await (await blocker).text()
  })

  it('promotes a waiting request over one that came first, for that request only, and audits it', async () => {
    const other = await createUser(admin.api)
    const otherKey = (await createKey(other.api)).key
    const blocker = ollamaChat(corral, key, 'block', 500)
    const [running] = await runningRequests(admin.api, 1)
    const order: string[] = []
    const first = ollamaChat(corral, otherKey, 'first', 2, false).then(() => order.push('first'))
    await waitingRequests(admin.api, 1)
    const second = ollamaChat(corral, key, 'second', 2, false).then(() => order.push('second'))
    const [, secondEntry] = await waitingRequests(admin.api, 2)
    expect(secondEntry!.username).toBe(user.username)

    const promoted = await admin.api.post(`/corral/v1/admin/queue/${secondEntry!.id}/promote`, {
      priority: 9,
    })
    expect(promoted).toMatchObject({
      status: 200,
      body: { id: secondEntry!.id, priority: 9, previous_priority: 5 },
    })
    const [top, next] = (await queueOf(admin.api)).waiting
    expect(top).toMatchObject({ id: secondEntry!.id, priority: 9, promoted_from: 5, position: 1 })
    expect(next!.reason).toMatchObject({ kind: 'higher-priority', ahead: 1 })
    expect(next!.reason.text).toBe('1 request of higher effective priority ahead')

    await admin.api.post(`/corral/v1/admin/queue/${running!.id}/cancel`)
    await Promise.all([(await blocker).text(), first, second])
    expect(order).toEqual(['second', 'first'])
    const audit = await admin.api.get<{ entries: { action: string; target_id: string; after: unknown }[] }>(
      '/corral/v1/admin/audit?action=queue.',
    )
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: 'queue.promote',
        target_id: secondEntry!.id,
        after: { priority: 9 },
      }),
    )
  })

  it('cancels a running request: its stream ends with the error and the slot frees within 2 s', async () => {
    const cancelled = collectEvents(corral, 'request.cancelled')
    const answer = await ollamaChat(corral, key, 'long', 500)
    const [running] = await runningRequests(admin.api, 1)
    const startedAt = performance.now()
    const result = await admin.api.post(`/corral/v1/admin/queue/${running!.id}/cancel`)
    expect(result).toMatchObject({ status: 200, body: { id: running!.id, was_running: true } })
    const lines = (await answer.text()).trim().split('\n')
    expect(JSON.parse(lines.at(-1)!)).toEqual({ error: 'An operator cancelled this request' })
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running, { timeout: 2_000 }).toBe(0)
    expect(performance.now() - startedAt).toBeLessThan(2_000)
    expect(cancelled.events).toEqual([
      expect.objectContaining({
        type: 'request.cancelled',
        request_id: running!.id,
        user_id: user.userId,
        username: user.username,
        model: 'llama3.2:latest',
        by: 'operator',
        was_running: true,
      }),
    ])
    cancelled.stop()
    const audit = await admin.api.get<{ entries: { action: string; target_id: string }[] }>(
      `/corral/v1/admin/audit?action=queue.cancel&target_id=${running!.id}`,
    )
    expect(audit.body.entries).toHaveLength(1)
  })

  it('refuses what it cannot do: finished, already started, a priority out of range, a non-admin', async () => {
    const blocker = ollamaChat(corral, key, 'block', 60)
    const [running] = await runningRequests(admin.api, 1)
    const waiter = ollamaChat(corral, key, 'wait', 2)
    const [waiting] = await waitingRequests(admin.api, 1)

    const started = await admin.api.post(`/corral/v1/admin/queue/${running!.id}/promote`, { priority: 9 })
    expect(started).toMatchObject({ status: 409, body: { code: 'CORRAL_ERR_CONFLICT' } })
    expect((started.body as { message: string }).message).toContain('already started')
    for (const priority of [0, 11, 2.5, '9']) {
      const refused = await admin.api.post(`/corral/v1/admin/queue/${waiting!.id}/promote`, { priority })
      expect(refused.status, `priority ${priority}`).toBe(400)
      expect((refused.body as { code: string }).code).toMatch(/^CORRAL_ERR_/)
    }
    const missing = await admin.api.post(`/corral/v1/admin/queue/${waiting!.id}/promote`, {})
    expect(missing.status).toBe(400)
    const forbidden = await user.api.post(`/corral/v1/admin/queue/${waiting!.id}/cancel`)
    expect(forbidden.status).toBe(403)
    expect((await queueOf(admin.api)).waiting).toHaveLength(1)

    await Promise.all([(await blocker).text(), (await waiter).text()])
    for (const action of ['cancel', 'promote']) {
      const finished = await admin.api.post(`/corral/v1/admin/queue/${waiting!.id}/${action}`, {
        priority: 9,
      })
      expect(finished).toMatchObject({ status: 404, body: { code: 'CORRAL_ERR_NOT_FOUND', statusCode: 404 } })
      expect((finished.body as { message: string }).message).toContain('has finished')
    }
  })

  it('documents both actions in the OpenAPI document', async () => {
    const document = await admin.api.get<{ paths: Record<string, Record<string, unknown>> }>(
      '/corral/v1/openapi.json',
    )
    expect(Object.keys(document.body.paths['/corral/v1/admin/queue/{id}/cancel'] ?? {})).toContain('post')
    expect(Object.keys(document.body.paths['/corral/v1/admin/queue/{id}/promote'] ?? {})).toContain('post')
  })
})
