import { once } from 'node:events'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import type { SignedIn } from '../support/api-client.ts'
import { startCorralBehindCloudflare, type CloudflareStandIn } from '../support/cloudflare-stand-in.ts'
import type { TestCorral } from '../support/test-corral.ts'
import { usageRecords } from './usage-records.ts'

/**
 * Keep-alives on a small scale: a 500 ms keep-alive interval and a Cloudflare stand-in that gives up
 * after 1.2 s of silence (Cloudflare: 30 s and ~100 s; the full-size run is
 * test/deploy/cloudflare-keepalive.deploy.ts).
 */
describe('keep-alives while a request waits', () => {
  let corral: TestCorral
  let standIn: CloudflareStandIn
  let user: SignedIn
  let key: string
  let tunnel: Ollama
  let direct: Ollama
  let close: () => Promise<void>

  beforeAll(async () => {
    ;({ corral, standIn, user, key, close } = await startCorralBehindCloudflare(
      { ollamaSlots: 1, keepAlive: { mode: 'auto', intervalMs: 500 } },
      { originTimeoutMs: 1200 },
    ))
    const headers = { Authorization: `Bearer ${key}` }
    tunnel = new Ollama({ host: standIn.url, headers })
    direct = new Ollama({ host: corral.url, headers })
  })
  afterAll(() => close?.())
  beforeEach(async () => {
    corral.sim.clearFaults()
    // A request cut off by the test before gives its slot back once its connection has closed.
    await expect.poll(() => corral.corral.proxy.scheduler.stats()).toMatchObject({ running: 0, waiting: 0 })
  })

  const chatThroughTunnel = (body: Record<string, unknown>) =>
    fetch(`${standIn.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], ...body }),
    })
  /** Holds the only slot until the simulator's first byte, `ms` from now. */
  const holdTheSlot = async (ms: number) => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: ms })
    const reached = once(corral.sim.events, 'inference-start')
    const answer = direct.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hold' }] })
    await reached
    // Wrapped: an async function returning the promise itself would wait for it.
    return { answer }
  }

  it('keeps the exact status and body of an answer that comes before the first keep-alive', async () => {
    corral.sim.inject({ kind: 'status', status: 404, path: '/api/chat', body: { error: 'model not found' } })
    const refused = await chatThroughTunnel({ stream: true })
    expect(refused.status).toBe(404)
    expect(refused.headers.get('content-type')).toContain('application/json')
    expect(await refused.json()).toEqual({ error: 'model not found' })
    corral.sim.inject({ kind: 'status', status: 500, path: '/api/chat', body: { error: 'out of memory' } })
    const failed = await chatThroughTunnel({ stream: true })
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ error: 'out of memory' })
    expect(failed.headers.get('x-corral-queue-wait-ms')).not.toBeNull()
  })

  it('keeps a stream that waits past the tunnel’s limit alive, and its answer arrives intact', async () => {
    const request = { model: 'llama3.2', messages: [{ role: 'user' as const, content: 'count' }] }
    let expected = ''
    for await (const part of await direct.chat({ ...request, stream: true })) expected += part.message.content
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 2000 })
    const started = performance.now()
    let text = ''
    let last: { done: boolean; eval_count?: number } | undefined
    for await (const part of await tunnel.chat({ ...request, stream: true })) {
      text += part.message.content
      last = part
    }
    expect(performance.now() - started).toBeGreaterThan(2000)
    expect(text).toBe(expected)
    expect(last?.done).toBe(true)
    const [record] = await usageRecords(user.api)
    expect(record).toMatchObject({ status: 200, error: null, output_tokens: last!.eval_count })
    expect(standIn.timeouts).toBe(0)
  })

  it('lets the tunnel give 524 when nothing keeps the wait alive (an unstreamed native answer)', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 2000 })
    const answer = await chatThroughTunnel({ stream: false })
    expect(answer.status).toBe(524)
    expect(standIn.timeouts).toBe(1)
  })

  it('ends a kept-alive stream with an error line when the backend refuses after the 200', async () => {
    const holder = await holdTheSlot(1500)
    // Taken by the next request to reach the simulator: the one waiting behind the holder.
    corral.sim.inject({ kind: 'status', status: 404, path: '/api/chat', body: { error: 'model not found' } })
    const answer = await chatThroughTunnel({ stream: true })
    expect(answer.status).toBe(200)
    const lines = (await answer.text()).trimEnd().split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: { content: '' }, done: false })
    expect(JSON.parse(lines.at(-1)!)).toEqual({ error: 'model not found' })
    await holder.answer
    const records = await usageRecords(user.api, 2)
    expect(records.find((record) => record.status === 404)).toMatchObject({ error: 'model not found' })
  })

  it('ends it with Corral’s error in the stream too, raised by the official client', async () => {
    const holder = await holdTheSlot(1500)
    corral.sim.inject({ kind: 'status', status: 500, path: '/api/chat', body: '<html>crash</html>' })
    const stream = await tunnel.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    await expect(async () => {
      for await (const part of stream) void part
    }).rejects.toThrow('The Ollama backend failed (HTTP 500)')
    await holder.answer
  })

  /** A raw request through the tunnel, cut off once the first keep-alive arrived. */
  const leaveAfterTheFirstKeepAlive = async () => {
    const request = httpRequest(`${standIn.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    })
    request.on('error', () => undefined)
    request.end(JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'bye' }] }))
    const [response] = (await once(request, 'response')) as [IncomingMessage]
    const [first] = (await once(response, 'data')) as [Buffer]
    expect(JSON.parse(first.toString())).toMatchObject({ message: { content: '' }, done: false })
    request.destroy()
  }

  it('takes a client that leaves while kept alive out of the queue', async () => {
    const holder = await holdTheSlot(1500)
    await leaveAfterTheFirstKeepAlive()
    await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(0)
    expect(corral.corral.proxy.scheduler.stats().running).toBe(1)
    await holder.answer
  })

  it('aborts the backend request of a client that leaves while kept alive, recorded as 499', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 3000 })
    const ended = once(corral.sim.events, 'inference-end')
    const started = performance.now()
    await leaveAfterTheFirstKeepAlive()
    const [event] = (await ended) as [{ aborted: boolean }]
    expect(event.aborted).toBe(true)
    expect(performance.now() - started).toBeLessThan(2500)
    await expect.poll(async () => (await usageRecords(user.api))[0]!.status).toBe(499)
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(0)
  })
})
