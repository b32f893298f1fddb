import { describe, expect, it } from 'vitest'
import { NdjsonRelay } from '../../../src/streams/ndjson-relay.ts'
import { bytesJoined, pushLongFrame, RecordingObserver, run } from './recording-observer.ts'

const line = (object: unknown) => `${JSON.stringify(object)}\n`
const content = (text: string) =>
  line({ model: 'm', message: { role: 'assistant', content: text }, done: false })
const final = line({
  model: 'm',
  message: { role: 'assistant', content: '' },
  done: true,
  done_reason: 'stop',
  prompt_eval_count: 26,
  eval_count: 3,
})

describe('NdjsonRelay', () => {
  it('passes whole lines through unchanged and reads the final counts', async () => {
    const observer = new RecordingObserver()
    const out = await run(new NdjsonRelay(observer), [content('a'), content('b'), content('c'), final])
    expect(out.join('')).toBe(content('a') + content('b') + content('c') + final)
    expect(out).toHaveLength(4)
    expect(observer.outputs).toBe(3)
    expect(observer.usage).toEqual({ promptTokens: 26, outputTokens: 3 })
  })

  it('holds back a split line until it is complete', async () => {
    const whole = content('hello')
    const out = await run(new NdjsonRelay(new RecordingObserver()), [
      whole.slice(0, 10),
      whole.slice(10),
      final.slice(0, 5),
      final.slice(5),
    ])
    expect(out).toEqual([whole, final])
  })

  it('does not mistake generated text that mentions done for the final line', async () => {
    const observer = new RecordingObserver()
    await run(new NdjsonRelay(observer), [content('{"done":true, "error": "x"}'), final])
    expect(observer.outputs).toBe(1)
    expect(observer.errors).toEqual([])
    expect(observer.usage).toEqual({ promptTokens: 26, outputTokens: 3 })
  })

  it('reports an error line from the upstream', async () => {
    const observer = new RecordingObserver()
    await run(new NdjsonRelay(observer), [
      content('a'),
      line({ error: 'an error was encountered while running the model' }),
    ])
    expect(observer.errors).toEqual(['an error was encountered while running the model'])
  })

  it('treats missing counts as zero (Ollama omits zero values)', async () => {
    const observer = new RecordingObserver()
    await run(new NdjsonRelay(observer), [
      line({ model: 'm', response: '', done: true, done_reason: 'load' }),
    ])
    expect(observer.usage).toEqual({ promptTokens: 0, outputTokens: 0 })
  })

  it('handles a line of several megabytes split into many chunks', async () => {
    const big = line({
      model: 'm',
      response: '',
      done: true,
      context: Array.from({ length: 300_000 }, (_, i) => i),
      prompt_eval_count: 1,
      eval_count: 2,
    })
    const chunks = []
    for (let i = 0; i < big.length; i += 65_536) chunks.push(big.slice(i, i + 65_536))
    const observer = new RecordingObserver()
    const out = await run(new NdjsonRelay(observer), chunks)
    expect(out.join('')).toBe(big)
    expect(observer.usage).toEqual({ promptTokens: 1, outputTokens: 2 })
  })

  it('marks the first token at the first line that carries text or thinking', async () => {
    const observer = new RecordingObserver()
    await run(new NdjsonRelay(observer), [
      line({ model: 'm', message: { role: 'assistant', content: '' }, done: false }),
      line({ model: 'm', message: { role: 'assistant', content: '', thinking: 'hmm' }, done: false }),
      content('a'),
      final,
    ])
    expect(observer.firstToken).toEqual({ afterOutputs: 1, afterDispatchMs: undefined })
  })

  it('ends a generation stream cut off before its done line with an error line', async () => {
    const observer = new RecordingObserver()
    const out = await run(new NdjsonRelay(observer, { requireDone: true }), [
      content('a'),
      content('b').slice(0, 12),
    ])
    expect(out.join('')).toBe(
      `${content('a')}${JSON.stringify({ error: 'the model backend ended the answer before finishing it' })}
`,
    )
    expect(observer.errors).toEqual(['the model backend ended the answer before finishing it'])
  })

  it('passes a progress stream that has no done line unchanged', async () => {
    const observer = new RecordingObserver()
    const progress = line({ status: 'success' })
    expect(await run(new NdjsonRelay(observer), [progress])).toEqual([progress])
    expect(observer.errors).toEqual([])
  })

  it('refuses a line longer than 16 MiB instead of holding it', async () => {
    const relay = new NdjsonRelay(new RecordingObserver(), { requireDone: true })
    expect(relay.push(Buffer.from(content('a')))!.toString()).toBe(content('a'))
    const junk = Buffer.alloc(1024 * 1024, 'x')
    expect(() => {
      for (let i = 0; i < 17; i++) relay.push(junk)
    }).toThrow('the model backend sent a line longer than 16 MiB')
  })

  it('costs linear time on a long frame that arrives in many chunks (no re-joining per chunk)', () => {
    let out: Buffer | undefined
    const copied = bytesJoined(() => (out = pushLongFrame(new NdjsonRelay(new RecordingObserver()))))
    expect(copied).toBeLessThanOrEqual(2 * out!.length)
  })
})
