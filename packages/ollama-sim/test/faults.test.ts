import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { describe, expect, test } from 'vitest'
import { simTokens } from '../src/index.ts'
import { postJson, readNdjson, readSse, startTestSim } from './helpers.ts'

const messages = [{ role: 'user', content: 'Hello' }]

async function collect(iterator: AsyncIterable<{ message: { content: string } }>): Promise<string[]> {
  const seen: string[] = []
  for await (const chunk of iterator) seen.push(chunk.message.content)
  return seen
}

describe('injected faults', () => {
  test('busy: 503 before the stream, which ollama-js reports with the upstream message', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy' })
    const ollama = new Ollama({ host: sim.url })
    await expect(ollama.chat({ model: 'llama3.2', messages, stream: true })).rejects.toMatchObject({
      name: 'ResponseError',
      status_code: 503,
      message: 'server busy, please try again.  maximum pending requests exceeded',
    })
    // Consumed: the next request succeeds.
    expect((await ollama.chat({ model: 'llama3.2', messages })).done).toBe(true)
  })

  test('long-line: a line that never ends, then EOF (a misbehaving backend)', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'long-line', afterChunks: 1, bytes: 200_000 })
    const response = await postJson(sim, '/api/chat', { model: 'llama3.2', messages })
    const text = await response.text()
    const [first, rest] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)]
    expect(JSON.parse(first)).toMatchObject({ done: false })
    expect(rest.length).toBe('{"response":"'.length + 200_000)
    expect(rest.includes('\n')).toBe(false)
  })

  test('mid-stream-error: an error line after k chunks, then EOF; ollama-js throws it', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const response = await postJson(sim, '/api/chat', { model: 'llama3.2', messages })
    expect(response.status).toBe(200)
    const lines = await readNdjson(response)
    expect(lines).toHaveLength(3)
    expect(lines[2]).toEqual({ error: 'an error was encountered while running the model' })

    sim.inject({ kind: 'mid-stream-error', afterChunks: 1, message: 'runner died' })
    const seen: string[] = []
    const stream = await new Ollama({ host: sim.url }).chat({ model: 'llama3.2', messages, stream: true })
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.message.content)
      })(),
    ).rejects.toThrow('runner died')
    expect(seen).toEqual(simTokens('Hello', 1))
  })

  test('mid-stream-error before the first chunk is a real 500', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'mid-stream-error', afterChunks: 0 })
    const response = await postJson(sim, '/api/generate', { model: 'llama3.2', prompt: 'x' })
    expect([response.status, await response.json()]).toEqual([
      500,
      { error: 'an error was encountered while running the model' },
    ])
  })

  test('reset: a TCP reset mid-stream; the client sees the connection die', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'reset', afterChunks: 2 })
    const stream = await new Ollama({ host: sim.url }).chat({ model: 'llama3.2', messages, stream: true })
    const seen: string[] = []
    // A direct reset surfaces as undici's "terminated" (cause ECONNRESET), not as a missing done line.
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.message.content)
    })().catch((caught: unknown) => caught as Error & { cause?: { code?: string } })
    expect(error).toMatchObject({ message: 'terminated' })
    expect(error?.cause?.code).toBe('ECONNRESET')
    expect(seen).toEqual(simTokens('Hello', 2))
  })

  test('eof: a clean end without done, which ollama-js reports as an incomplete stream', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'eof', afterChunks: 3 })
    const stream = await new Ollama({ host: sim.url }).chat({ model: 'llama3.2', messages, stream: true })
    await expect(collect(stream)).rejects.toThrow('Did not receive done or success response in stream.')
  })

  test('slow-first-byte delays the headers, then streams normally', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'slow-first-byte', delayMs: 120 })
    const started = performance.now()
    const response = await postJson(sim, '/api/chat', { model: 'llama3.2', messages })
    expect(performance.now() - started).toBeGreaterThanOrEqual(115)
    expect((await readNdjson(response)).at(-1)).toMatchObject({ done: true })
  })

  test('faults aimed at a model spare the others and are used up after `times`', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy', model: 'qwen3:8b', times: 2 })
    const llama = await postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    expect(llama.status).toBe(200)
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await postJson(sim, '/api/chat', { model: 'qwen3:8b', messages, stream: false, think: false }))
          .status,
      )
    }
    expect(statuses).toEqual([503, 503, 200])
  })

  test('status: any status and body on any path, once', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'status', status: 429, body: { error: 'slow down' }, path: '/api/tags' })
    const ollama = new Ollama({ host: sim.url })
    expect((await ollama.version()).version).toBe('0.33.0')
    await expect(ollama.list()).rejects.toMatchObject({ status_code: 429, message: 'slow down' })
    expect((await ollama.list()).models.length).toBeGreaterThan(0)
  })

  test('clearFaults drops whatever is pending', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy', times: 5 })
    sim.clearFaults()
    expect((await postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })).status).toBe(
      200,
    )
  })

  test('on /v1 a mid-stream error is one empty chunk without model, then the stream just stops', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const events = await readSse(
      await postJson(sim, '/v1/chat/completions', { model: 'llama3.2', messages, stream: true }),
    )
    expect(events).toHaveLength(3)
    expect(events).not.toContain('[DONE]')
    expect(events[2]).toMatchObject({
      model: '',
      choices: [{ index: 0, delta: { content: '' }, finish_reason: null }],
    })

    sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const openai = new OpenAI({ apiKey: 'x', baseURL: sim.url + '/v1', maxRetries: 0 })
    const stream = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    // The SDK does not require [DONE]: the truncated answer looks complete.
    expect(text).toBe(simTokens('Hello', 2).join(''))
  })

  test('busy on /v1 uses the OpenAI error shape', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy' })
    const response = await postJson(sim, '/v1/chat/completions', { model: 'llama3.2', messages })
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: {
        message: 'server busy, please try again.  maximum pending requests exceeded',
        type: 'api_error',
        param: null,
        code: null,
      },
    })
  })
})
