import { describe, expect, it } from 'vitest'
import { maxTokenCount, ollamaUsage, openAiUsage } from '../../../src/streams/token-usage.ts'

describe('token counts from a backend', () => {
  it('become whole, non-negative numbers that a usage record can hold', () => {
    expect(ollamaUsage({ prompt_eval_count: 1e308, eval_count: -5 })).toEqual({
      promptTokens: maxTokenCount,
      outputTokens: 0,
    })
    expect(ollamaUsage({ prompt_eval_count: 12.7, eval_count: Number.NaN })).toEqual({
      promptTokens: 12,
      outputTokens: 0,
    })
    expect(openAiUsage({ prompt_tokens: '7', completion_tokens: Infinity })).toEqual({
      promptTokens: 0,
      outputTokens: 0,
    })
  })
})
