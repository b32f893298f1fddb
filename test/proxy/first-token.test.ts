import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import OpenAI from 'openai'
import { createUsersClient } from '@corral/users'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from './usage-records.ts'

/** The backend takes this long before its first token (a model load, a long prompt). */
const delayMs = 400

describe('time to first token', () => {
  let corral: TestCorral
  let user: SignedIn
  let key: string

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
    key = (await createKey(user.api)).key
  })
  afterAll(() => corral?.close())

  /** Sends a streamed chat and returns what the client saw: the time from sending to the first text. */
  async function streamedChat(): Promise<{ observedMs: number; requestId: string | null }> {
    const started = performance.now()
    const response = await fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hello there' }] }),
    })
    const reader = response.body!.getReader()
    let observedMs: number | undefined
    let text = ''
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      text += Buffer.from(part.value).toString()
      if (observedMs === undefined && /"content":"[^"]/.test(text)) observedMs = performance.now() - started
    }
    return { observedMs: observedMs!, requestId: response.headers.get('x-corral-request-id') }
  }

  it('measures a stream from arrival to the first line with text, as the client sees it', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs })
    const { observedMs, requestId } = await streamedChat()
    const record = await usageRecordOf(user.api, requestId)
    expect(observedMs).toBeGreaterThanOrEqual(delayMs)
    expect(record.time_to_first_token_ms).toBeGreaterThanOrEqual(delayMs)
    // Corral's clock starts when the request arrives, a moment after the client sent it.
    expect(record.time_to_first_token_ms).toBeLessThanOrEqual(Math.ceil(observedMs) + 1)
  })

  it('measures an OpenAI stream to the first delta with content', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs })
    const openai = new OpenAI({ apiKey: key, baseURL: `${corral.url}/v1`, maxRetries: 0 })
    const started = performance.now()
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'llama3.2', messages: [{ role: 'user', content: 'hello' }], stream: true })
      .withResponse()
    let observedMs: number | undefined
    for await (const chunk of stream)
      if (observedMs === undefined && chunk.choices[0]?.delta.content)
        observedMs = performance.now() - started
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record.time_to_first_token_ms).toBeGreaterThanOrEqual(delayMs)
    expect(record.time_to_first_token_ms).toBeLessThanOrEqual(Math.ceil(observedMs!) + 1)
  })

  it("uses Ollama's own load and prompt evaluation time for an answer that is not streamed", async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs })
    const response = await fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false }),
    })
    const answer = (await response.json()) as { load_duration: number; prompt_eval_duration: number }
    const reportedMs = (answer.load_duration + answer.prompt_eval_duration) / 1e6
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(reportedMs).toBeGreaterThanOrEqual(delayMs)
    expect(record.time_to_first_token_ms).toBeGreaterThanOrEqual(Math.floor(reportedMs))
    expect(record.time_to_first_token_ms).toBeLessThanOrEqual(record.duration_ms)
  })

  it('measures chat-app answers the same way, and exports both clocks to /metrics', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs })
    const me = await user.api.get<{ id: string }>('/corral/v1/me')
    const identity = await createUsersClient(corral.corral.users).resolveUser(me.body.id)
    const requestId = randomUUID()
    const started = performance.now()
    let observedMs: number | undefined
    const outcome = await corral.corral.proxy.client.chat(
      {
        requestId,
        identity: identity!,
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'from the chat app' }],
        signal: new AbortController().signal,
      },
      {
        onQueued: () => undefined,
        onStarted: () => undefined,
        onDelta: () => (observedMs ??= performance.now() - started),
      },
    )
    expect(outcome.status).toBe('complete')
    const record = await usageRecordOf(user.api, requestId)
    expect(record.time_to_first_token_ms).toBeGreaterThanOrEqual(delayMs)
    expect(record.time_to_first_token_ms).toBeLessThanOrEqual(Math.ceil(observedMs!) + 1)
    const metrics = await (await fetch(`${corral.url}/metrics`)).text()
    const sum = (name: string) =>
      Number(new RegExp(`^${name}_sum\\{model="llama3.2:latest"\\} (\\S+)$`, 'm').exec(metrics)?.[1])
    expect(sum('corral_time_to_first_token_seconds')).toBeGreaterThanOrEqual((4 * delayMs) / 1000)
    expect(sum('corral_backend_time_to_first_token_seconds')).toBeGreaterThanOrEqual((4 * delayMs) / 1000)
  })
})
