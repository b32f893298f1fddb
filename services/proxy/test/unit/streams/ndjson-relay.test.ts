import { describe, expect, it } from 'vitest'
import { NdjsonRelay } from '../../../src/streams/ndjson-relay.ts'
import { RecordingObserver, run } from './recording-observer.ts'

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
})
