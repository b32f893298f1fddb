import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@corral/core'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createUsersClient } from '@corral/users'
import { createKey, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

const graceMs = 1000
const upstream = { ...loadConfig({}).upstream, noBackendGraceMs: graceMs }

/** A port nothing listens on (it was free a moment ago). */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

const chat = (corral: TestCorral, key: string, path = '/api/chat', extra: Record<string, unknown> = {}) =>
  fetch(corral.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
      ...extra,
    }),
  })

describe('with no Ollama backend reachable', () => {
  let corral: TestCorral
  let admin: SignedIn
  let key: string
  let port: number
  const logs: { level: number; msg: string }[] = []

  beforeAll(async () => {
    port = await deadPort()
    corral = await startTestCorral({
      config: { ollamaUrls: [`http://127.0.0.1:${port}`], upstream },
      logger: pino(
        { level: 'info' },
        { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) },
      ),
    })
    admin = await signInAdmin(corral)
    key = (await createKey(admin.api)).key
  })
  afterAll(() => corral?.close())

  it('says so at start-up, in the log and in /readyz', async () => {
    const startup = logs.find((line) => line.level === 50 && line.msg.includes('backends are down'))
    expect(startup?.msg).toMatch(/The Ollama backends are down: none of the 1 configured answers/)
    const ready = await fetch(`${corral.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { backends: { detail: string } }).backends.detail).toBe(
      'the Ollama backends are down: none of the 1 configured answers',
    )
  })

  it('refuses inference within seconds with 503, Retry-After and a message that says the backends are down', async () => {
    const started = performance.now()
    const native = await chat(corral, key)
    expect(performance.now() - started).toBeLessThan(graceMs + 2500)
    expect(native.status).toBe(503)
    expect(Number(native.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await native.json()).toEqual({
      error: 'The Ollama backends are down: none of the 1 configured answers. Try again shortly.',
    })
    const openAi = await chat(corral, key, '/v1/chat/completions')
    expect(openAi.status).toBe(503)
    expect(((await openAi.json()) as { error: { message: string } }).error.message).toMatch(
      /backends are down/,
    )
  })

  it('gives the chat app the same stable error code', async () => {
    const me = await admin.api.get<{ id: string }>('/corral/v1/me')
    const identity = await createUsersClient(corral.corral.users).resolveUser(me.body.id)
    await expect(
      corral.corral.proxy.client.chat(
        {
          requestId: randomUUID(),
          identity: identity!,
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'hi' }],
          signal: new AbortController().signal,
        },
        { onQueued: () => undefined, onStarted: () => undefined, onDelta: () => undefined },
      ),
    ).rejects.toMatchObject({ code: 'CORRAL_ERR_NO_BACKEND', statusCode: 503 })
  })

  it('serves the request when a backend comes back within the grace', async () => {
    const answer = chat(corral, key)
    await new Promise((resolve) => setTimeout(resolve, graceMs / 3))
    const sim = await startOllamaSim({ port, tokenIntervalMs: 2, loadDelayMs: 5 })
    try {
      expect((await answer).status).toBe(200)
    } finally {
      await sim.close()
    }
  })
})

describe('when the backends go down while requests wait', () => {
  let corral: TestCorral
  let sim: OllamaSim
  let key: string

  beforeAll(async () => {
    // A backend of its own, which the test stops.
    sim = await startOllamaSim({ tokenIntervalMs: 20, loadDelayMs: 5 })
    corral = await startTestCorral({ config: { ollamaUrls: [sim.url], upstream } })
    key = (await createKey((await signInAdmin(corral)).api)).key
  })
  afterAll(() => corral?.close())

  it('refuses the waiting ones soon after, rather than at the end of the queue wait', async () => {
    const running = chat(corral, key, '/api/chat', { options: { num_predict: 1000 } }).catch(() => undefined)
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(1)
    const waiting = chat(corral, key)
    await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(1)
    await sim.close()
    const started = performance.now()
    const refused = await waiting
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(refused.status).toBe(503)
    expect(((await refused.json()) as { error: string }).error).toMatch(/backends are down/)
    await running
  })
})
