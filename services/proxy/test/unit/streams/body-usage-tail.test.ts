import { describe, expect, it } from 'vitest'
import { BodyUsageCollector } from '../../../src/streams/body-usage.ts'

describe('BodyUsageCollector on bodies too large to keep', () => {
  it('reads the Responses and Anthropic counts at the tail', () => {
    const text = 'llama '.repeat(400_000)
    const bodies = [
      JSON.stringify({
        object: 'response',
        output: [{ type: 'message', content: [{ type: 'output_text', text }] }],
        usage: { input_tokens: 12, output_tokens: 400_000, total_tokens: 400_012, input_tokens_details: {} },
      }),
      JSON.stringify({
        type: 'message',
        content: [{ type: 'text', text }],
        usage: { input_tokens: 8, output_tokens: 9 },
      }),
    ]
    const counts = bodies.map((body) => {
      expect(body.length).toBeGreaterThan(2 * 1024 * 1024)
      const collector = new BodyUsageCollector()
      for (let i = 0; i < body.length; i += 65536) collector.add(Buffer.from(body.slice(i, i + 65536)))
      return collector.usage()
    })
    expect(counts).toEqual([
      { promptTokens: 12, outputTokens: 400_000 },
      { promptTokens: 8, outputTokens: 9 },
    ])
  })
})
