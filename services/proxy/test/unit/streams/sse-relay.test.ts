import { describe, expect, it } from 'vitest'
import { SseRelay } from '../../../src/streams/sse-relay.ts'
import { RecordingObserver, run } from './recording-observer.ts'

const event = (object: unknown) => `data: ${JSON.stringify(object)}\n\n`
const chunk = (delta: object, finish: string | null = null) =>
  event({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })
const usageChunk = event({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: { prompt_tokens: 26, completion_tokens: 2, total_tokens: 28 },
})
const done = 'data: [DONE]\n\n'

describe('SseRelay', () => {
  it('drops the usage chunk Corral asked for when the client did not, and still counts it', async () => {
    const observer = new RecordingObserver()
    const out = await run(new SseRelay(observer, { stripUsage: true }), [
      chunk({ role: 'assistant', content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk,
      done,
    ])
    expect(out.join('')).toBe(
      chunk({ role: 'assistant', content: 'Hel' }) + chunk({ content: 'lo' }) + chunk({}, 'stop') + done,
    )
    expect(observer.usage).toEqual({ promptTokens: 26, outputTokens: 2 })
  })

  it('keeps the usage chunk when the client asked for it', async () => {
    const observer = new RecordingObserver()
    const out = await run(new SseRelay(observer, { stripUsage: false }), [
      chunk({ content: 'x' }),
      usageChunk,
      done,
    ])
    expect(out.join('')).toBe(chunk({ content: 'x' }) + usageChunk + done)
    expect(observer.usage).toEqual({ promptTokens: 26, outputTokens: 2 })
  })

  it('removes the zeroed usage of /v1/completions chunks and takes the last real usage', async () => {
    const zero = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
    const text = (t: string) => ({
      id: 'cmpl-1',
      object: 'text_completion',
      choices: [{ text: t, index: 0, finish_reason: null }],
    })
    const observer = new RecordingObserver()
    const out = await run(new SseRelay(observer, { stripUsage: true }), [
      event({ ...text('a'), usage: zero }),
      event({ ...text('b'), usage: zero }),
      event({
        id: 'cmpl-1',
        object: 'text_completion',
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      }),
      done,
    ])
    expect(out.join('')).toBe(event(text('a')) + event(text('b')) + done)
    expect(observer.usage).toEqual({ promptTokens: 5, outputTokens: 2 })
    expect(observer.outputs).toBe(2)
  })

  it('reassembles events split across chunks', async () => {
    const whole = chunk({ content: 'split' })
    const out = await run(new SseRelay(new RecordingObserver(), { stripUsage: true }), [
      whole.slice(0, 7),
      whole.slice(7, 20),
      whole.slice(20),
      done,
    ])
    expect(out.join('')).toBe(whole + done)
  })

  it('reads usage from Responses API and Anthropic events', async () => {
    const observer = new RecordingObserver()
    await run(new SseRelay(observer, { stripUsage: false }), [
      `event: message_start\n${event({ type: 'message_start', message: { usage: { input_tokens: 9, output_tokens: 1 } } })}`,
      `event: message_delta\n${event({ type: 'message_delta', usage: { output_tokens: 12 } })}`,
    ])
    expect(observer.usage).toEqual({ promptTokens: 9, outputTokens: 12 })
  })

  it('reports an upstream error event', async () => {
    const observer = new RecordingObserver()
    await run(new SseRelay(observer, { stripUsage: false }), [
      event({ error: { message: 'boom', type: 'api_error' } }),
    ])
    expect(observer.errors).toEqual(['boom'])
  })
})
