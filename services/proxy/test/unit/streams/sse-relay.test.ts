import { describe, expect, it } from 'vitest'
import { SseRelay } from '../../../src/streams/sse-relay.ts'
import { bytesJoined, pushLongFrame, RecordingObserver, run } from './recording-observer.ts'

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

  it('marks the first token at the first event with output, not at the role chunk', async () => {
    const observer = new RecordingObserver()
    await run(new SseRelay(observer, { stripUsage: false }), [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({}, 'stop'),
      done,
    ])
    expect(observer.firstToken).toEqual({ afterOutputs: 1, afterDispatchMs: undefined })
  })

  it('ends a stream cut off before [DONE] with an error event the SDKs raise', async () => {
    const observer = new RecordingObserver()
    const out = await run(new SseRelay(observer, { stripUsage: false }), [chunk({ content: 'x' })])
    const message = 'the model backend ended the answer before finishing it'
    expect(out.join('')).toBe(
      `${chunk({ content: 'x' })}event: error\ndata: ${JSON.stringify({
        type: 'error',
        error: { message, type: 'api_error', param: null, code: null },
      })}\n\n`,
    )
    expect(observer.errors).toEqual([message])
  })

  it('knows the Responses API and Anthropic streams have finished without [DONE]', async () => {
    for (const last of [
      `event: response.completed\n${event({ type: 'response.completed', response: { usage: { input_tokens: 1, output_tokens: 2 } } })}`,
      `event: message_stop\n${event({ type: 'message_stop' })}`,
    ]) {
      const observer = new RecordingObserver()
      await run(new SseRelay(observer, { stripUsage: false }), [last])
      expect(observer.errors).toEqual([])
    }
  })

  it('reports an error given as a string or as an Anthropic error event', async () => {
    const observer = new RecordingObserver()
    await run(new SseRelay(observer, { stripUsage: false }), [event({ error: 'plain' })])
    await run(new SseRelay(observer, { stripUsage: false }), [
      `event: error\n${event({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } })}`,
    ])
    expect(observer.errors).toEqual(['plain', 'busy'])
  })

  it('costs linear time on a long frame that arrives in many chunks (no re-joining per chunk)', () => {
    let out: Buffer | undefined
    const copied = bytesJoined(
      () => (out = pushLongFrame(new SseRelay(new RecordingObserver(), { stripUsage: false }))),
    )
    expect(copied).toBeLessThanOrEqual(2 * out!.length)
  })
})
