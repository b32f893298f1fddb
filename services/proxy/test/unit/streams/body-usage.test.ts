import { describe, expect, it } from 'vitest'
import { BodyUsageCollector } from '../../../src/streams/body-usage.ts'

function usageOf(body: string, chunkSize = 1000) {
  const collector = new BodyUsageCollector()
  for (let i = 0; i < body.length; i += chunkSize) collector.add(Buffer.from(body.slice(i, i + chunkSize)))
  return collector.usage()
}

describe('BodyUsageCollector', () => {
  it('reads Ollama counts from a non-streamed chat', () => {
    expect(
      usageOf(
        JSON.stringify({ message: { content: 'hi' }, done: true, prompt_eval_count: 10, eval_count: 4 }),
      ),
    ).toEqual({ promptTokens: 10, outputTokens: 4 })
  })

  it('reads OpenAI usage', () => {
    expect(
      usageOf(
        JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } }),
      ),
    ).toEqual({ promptTokens: 3, outputTokens: 9 })
  })

  it('reads the counts at the tail of a body too large to keep', () => {
    const embeddings = Array.from({ length: 200 }, () => Array.from({ length: 1024 }, () => 0.123456789))
    const body = JSON.stringify({ model: 'm', embeddings, total_duration: 1, prompt_eval_count: 77 })
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024)
    expect(usageOf(body, 65536)).toEqual({ promptTokens: 77, outputTokens: 0 })
  })

  it('has no usage for bodies without counts', () => {
    expect(usageOf(JSON.stringify({ embedding: [1, 2] }))).toBeUndefined()
    expect(usageOf('not json')).toBeUndefined()
  })

  it("reads Ollama's load and prompt evaluation time as the time to the first token", () => {
    const collector = new BodyUsageCollector()
    collector.add(
      Buffer.from(JSON.stringify({ done: true, load_duration: 250e6, prompt_eval_duration: 50e6 })),
    )
    expect(collector.firstTokenMs()).toBe(300)
  })

  it('reads the message of an Ollama or OpenAI error body', () => {
    for (const body of [{ error: 'model "x" not found' }, { error: { message: 'model "x" not found' } }]) {
      const collector = new BodyUsageCollector()
      collector.add(Buffer.from(JSON.stringify(body)))
      expect(collector.errorMessage()).toBe('model "x" not found')
    }
  })
})
