import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf, usageRecords } from '../proxy/usage-records.ts'

const unfinished = 'the model backend ended the answer before finishing it'
const htmlPage =
  '<html><body><h1>500</h1><pre>Traceback (most recent call last):\n  File "/srv/app.py"</pre></body></html>'

/** A backend that misbehaves (a bug, a crash, a proxy in front of it, or hostile) must not hurt clients. */
describe('a misbehaving backend', () => {
  let corral: TestCorral
  let user: SignedIn
  let key: string

  const chat = (body: Record<string, unknown>, path = '/api/chat') =>
    fetch(corral.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], ...body }),
    })

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
    key = (await createKey(user.api)).key
  })
  afterAll(() => corral?.close())

  it('cannot stall Corral with a line that never ends: the client gets a clean error line', async () => {
    corral.sim.inject({ kind: 'long-line', afterChunks: 2, bytes: 40 * 1024 * 1024 })
    const slowest = { ms: 0 }
    let streaming = true
    const probe = (async () => {
      while (streaming) {
        const started = performance.now()
        expect((await fetch(`${corral.url}/healthz`)).status).toBe(200)
        slowest.ms = Math.max(slowest.ms, performance.now() - started)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    const response = await chat({ stream: true })
    const text = await response.text()
    streaming = false
    await probe
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(JSON.parse(lines[2]!)).toEqual({ error: 'the model backend sent a line longer than 16 MiB' })
    expect(slowest.ms).toBeLessThan(1000)
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record.error).toBe('the model backend sent a line longer than 16 MiB')
  })

  it('reports a native stream that ends without its done line as an error, to the client and in usage', async () => {
    corral.sim.inject({ kind: 'eof', afterChunks: 3 })
    const ollama = new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${key}` } })
    const parts: string[] = []
    const reading = (async () => {
      const stream = await ollama.chat({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'cut' }],
        stream: true,
      })
      for await (const part of stream) parts.push(part.message.content)
    })()
    await expect(reading).rejects.toThrow(unfinished)
    expect(parts).toHaveLength(3)
    // ollama-js hides the response headers: this is the newest record.
    await expect.poll(async () => (await usageRecords(user.api))[0]!.error).toBe(unfinished)
  })

  it('reports an OpenAI stream that Ollama cut short (its in-band error) as an error', async () => {
    corral.sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const openai = new OpenAI({ apiKey: key, baseURL: `${corral.url}/v1`, maxRetries: 0 })
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'llama3.2', messages: [{ role: 'user', content: 'cut' }], stream: true })
      .withResponse()
    const reading = (async () => {
      for await (const chunk of stream) void chunk
    })()
    await expect(reading).rejects.toThrow(unfinished)
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record.error).toBe(unfinished)
  })

  it("never relays a backend's HTML error page, in the shape of each API", async () => {
    for (const [path, expected] of [
      ['/api/chat', { error: 'The Ollama backend failed (HTTP 500)' }],
      [
        '/v1/chat/completions',
        {
          error: {
            message: 'The Ollama backend failed (HTTP 500)',
            type: 'api_error',
            param: null,
            code: null,
          },
        },
      ],
      ['/api/show', { error: 'The Ollama backend failed (HTTP 500)' }],
    ] as const) {
      corral.sim.inject({ kind: 'status', status: 500, body: htmlPage, path })
      const response = await chat({ stream: false }, path)
      const text = await response.text()
      expect(response.status).toBe(500)
      expect(text).not.toContain('Traceback')
      expect(JSON.parse(text)).toEqual(expected)
    }
  })

  it("passes Ollama's own JSON error bodies through unchanged, and charges nothing for them", async () => {
    corral.sim.inject({ kind: 'mid-stream-error', afterChunks: 0 })
    const response = await chat({ stream: true, messages: [{ role: 'user', content: 'x'.repeat(4000) }] })
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'an error was encountered while running the model' })
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      status: 500,
      error: 'an error was encountered while running the model',
      prompt_tokens: 0,
      output_tokens: 0,
    })
  })
})
