import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { EventStreamClient } from '../support/event-stream-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/**
 * The events of requests that end early and of model pulls, caused through real HTTP: a client that
 * gives up while waiting or while its answer streams, and a pull's progress to its end.
 */
describe('request cancellations and model pulls on the event stream', () => {
  let corral: TestCorral
  let admin: SignedIn
  let stream: EventStreamClient

  beforeAll(async () => {
    // One slot and a slow answer (40 tokens, 50 ms apart): a second request has to wait.
    corral = await startTestCorral({
      sim: { tokenIntervalMs: 50, responseTokens: 40, pullChunkIntervalMs: 5 },
    })
    admin = await signInAdmin(corral)
    stream = await EventStreamClient.open(corral.url, {
      token: admin.api.token,
      query: 'types=request,model',
    })
    expect(stream.response.status).toBe(200)
    await stream.waitForEvent('ready')
  })
  afterAll(async () => {
    stream?.close()
    await corral?.close()
  })

  const streamingChat = async (signal: AbortSignal) => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    const response = fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }),
      signal,
    }).catch((error: unknown) => error)
    return { user, response }
  }

  it('reports a client that leaves while waiting, and one that leaves during its answer', async () => {
    const running = new AbortController()
    const holder = await streamingChat(running.signal)
    await stream.waitForEvent('request.started', { user_id: holder.user.userId })

    const waiting = new AbortController()
    const waiter = await streamingChat(waiting.signal)
    const queued = await stream.waitForEvent('request.queued', { user_id: waiter.user.userId })
    const waiterRequest = (JSON.parse(queued.data) as { request_id: string }).request_id
    waiting.abort()
    const leftQueue = await stream.waitForEvent('request.cancelled', { request_id: waiterRequest }, 2000)
    expect(JSON.parse(leftQueue.data)).toMatchObject({ by: 'client', was_running: false })
    expect(stream.events('request.started').some((event) => event.request_id === waiterRequest)).toBe(false)

    running.abort()
    const cut = await stream.waitForEvent('request.cancelled', { user_id: holder.user.userId }, 2000)
    expect(JSON.parse(cut.data)).toMatchObject({ by: 'client', was_running: true })
    const finished = await stream.waitForEvent('request.finished', { user_id: holder.user.userId }, 3000)
    expect(JSON.parse(finished.data)).toMatchObject({ status: 499 })
  })

  it('reports a pull’s progress on each backend, and always its end', async () => {
    const started = await admin.api.post<{ id: string }>('/corral/v1/admin/model-pulls', { model: 'mistral' })
    expect(started.status).toBe(202)
    const done = await stream.waitForEvent(
      'model.pull',
      { model: 'mistral:latest', status: 'success' },
      10_000,
    )
    const pulls = stream
      .events<{ model: string; status: string }>('model.pull')
      .filter((event) => event.model === 'mistral:latest')
    // At least the first line and the end (progress is thinned to a few events a second).
    expect(pulls[0]!.status).toBe('pulling manifest')
    expect(pulls.length).toBeGreaterThan(1)
    expect(pulls.at(-1)).toEqual(JSON.parse(done.data))
    expect(pulls.slice(0, -1).every((event) => event.status !== 'success')).toBe(true)
  })
})
