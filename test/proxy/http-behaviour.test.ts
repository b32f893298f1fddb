import { once } from 'node:events'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, signInAdmin } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('proxied HTTP, byte for byte', () => {
  let corral: TestCorral
  let key: string
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(corral.url + path, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${key}`, ...headers },
    })

  beforeAll(async () => {
    corral = await startTestCorral()
    key = (await createKey((await signInAdmin(corral)).api)).key
  })
  afterAll(() => corral?.close())

  it('answers HEAD / and GET / without authentication, like Ollama', async () => {
    expect((await fetch(corral.url, { method: 'HEAD' })).status).toBe(200)
    const get = await fetch(corral.url)
    expect(await get.text()).toBe('Ollama is running')
  })

  it('relays NDJSON line by line as the upstream produces it', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      const response = await post(
        '/api/generate',
        JSON.stringify({ model: 'llama3.2', prompt: 'x', options: { num_predict: 6 } }),
      )
      expect(response.headers.get('content-type')).toBe('application/x-ndjson')
      expect(response.headers.get('x-accel-buffering')).toBe('no')
      expect(response.headers.get('content-encoding')).toBeNull()
      const reader = response.body!.getReader()
      const chunks: { at: number; text: string }[] = []
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        chunks.push({ at: performance.now(), text: Buffer.from(part.value).toString() })
      }
      // Every chunk is whole lines, and they arrive spread over the answer, not at the end.
      expect(chunks.length).toBeGreaterThanOrEqual(5)
      expect(chunks.every((chunk) => chunk.text.endsWith('\n'))).toBe(true)
      expect(chunks.at(-1)!.at - chunks[0]!.at).toBeGreaterThan(60)
      const lines = chunks
        .map((chunk) => chunk.text)
        .join('')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { done: boolean })
      expect(lines.at(-1)!.done).toBe(true)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('rewrites Host and never forwards the client credentials, cookies or Origin', async () => {
    await post('/api/show', JSON.stringify({ model: 'llama3.2' }), {
      cookie: 'session=1',
      origin: 'https://evil.example',
      referer: 'https://evil.example/x',
    })
    const seen = corral.sim.stats.lastHeaders!
    expect(seen.host).toBe(new URL(corral.sim.url).host)
    expect(seen.authorization).toBeUndefined()
    expect(seen.cookie).toBeUndefined()
    expect(seen.origin).toBeUndefined()
    expect(seen.referer).toBeUndefined()
  })

  it('sends the same CORS headers on streamed answers as on the others (browsers need them)', async () => {
    const origin = { origin: 'https://app.example' }
    const streamed = await post('/api/chat', JSON.stringify({ model: 'llama3.2', messages: [] }), origin)
    const listed = await fetch(`${corral.url}/api/tags`, {
      headers: { authorization: `Bearer ${key}`, ...origin },
    })
    await Promise.all([streamed.text(), listed.text()])
    expect(listed.headers.get('access-control-allow-origin')).not.toBeNull()
    expect(streamed.headers.get('access-control-allow-origin')).toBe(
      listed.headers.get('access-control-allow-origin'),
    )
  })

  it('reports the queue wait on proxied responses', async () => {
    const response = await post(
      '/api/chat',
      JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: false }),
    )
    expect(Number(response.headers.get('x-corral-queue-wait-ms'))).toBeGreaterThanOrEqual(0)
    expect(response.headers.get('server-timing')).toMatch(/^queue;dur=/)
  })

  it('accepts a JSON body whatever its Content-Type, as Ollama does (curl -d sends form encoding)', async () => {
    const response = await post(
      '/api/generate',
      JSON.stringify({ model: 'llama3.2', prompt: 'x', stream: false }),
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    )
    expect(response.status).toBe(200)
  })

  it("answers malformed and empty bodies with Ollama's own 400s", async () => {
    const empty = await post('/api/chat', '')
    expect(empty.status).toBe(400)
    expect(await empty.json()).toEqual({ error: 'missing request body' })
    const broken = await post('/api/chat', '{"model":')
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as { error: string }).error).toMatch(/^invalid JSON/)
    const openAi = await post('/v1/chat/completions', '')
    expect(((await openAi.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })

  it("passes the upstream's errors for a chat without a model straight through", async () => {
    const response = await post('/api/chat', JSON.stringify({ messages: [] }))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'model is required' })
  })

  it('passes unknown API paths and wrong methods through to Ollama', async () => {
    const unknown = await fetch(`${corral.url}/api/not-a-route`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toBe('404 page not found')
    const wrongMethod = await fetch(`${corral.url}/api/chat`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}` },
    })
    expect(wrongMethod.status).toBe(405)
  })

  it('refuses bodies over the limit with 413', async () => {
    const response = await post('/api/chat', 'x'.repeat(65 * 1024 * 1024))
    expect(response.status).toBe(413)
  })

  it('aborts the upstream request at once when the client disconnects mid-stream', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      const ended = once(corral.sim.events, 'inference-end') as Promise<[{ aborted: boolean; at: number }]>
      const request = httpRequest(`${corral.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
      })
      request.end(
        JSON.stringify({
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'long' }],
          options: { num_predict: 500 },
        }),
      )
      const [response] = (await once(request, 'response')) as [IncomingMessage]
      await once(response, 'data')
      const abortedAt = performance.now()
      request.destroy()
      const [end] = await ended
      expect(end.aborted).toBe(true)
      expect(end.at - abortedAt).toBeLessThan(100)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('leaves the queue when the client disconnects while waiting', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      const holder = post(
        '/api/chat',
        JSON.stringify({
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'x' }],
          options: { num_predict: 30 },
        }),
      )
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(1)
      const controller = new AbortController()
      const waiting = post(
        '/api/chat',
        JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'y' }] }),
        {},
      ).catch(() => undefined)
      void waiting
      const queued = fetch(`${corral.url}/api/chat`, {
        method: 'POST',
        signal: controller.signal,
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'z' }] }),
      }).catch(() => undefined)
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(2)
      controller.abort()
      await queued
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBeLessThanOrEqual(1)
      expect(corral.corral.proxy.scheduler.stats().cancelled).toBeGreaterThanOrEqual(1)
      await (await holder).text()
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })
})
