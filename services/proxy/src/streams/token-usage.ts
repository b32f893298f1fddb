/** Token counts as reported by Ollama (`prompt_eval_count`/`eval_count`) or OpenAI (`usage`). */
export interface TokenUsage {
  promptTokens: number
  outputTokens: number
}

/**
 * Everything a relay learns about a response while passing it on: used for usage records, for the
 * scheduler's fair-share charges and for time to first token.
 */
export interface StreamObserver {
  /** A unit of generated output went by (an NDJSON line or an SSE chunk carrying content). */
  onOutput(): void
  /** The upstream's final counts (the `done: true` line, or the OpenAI usage object). */
  onUsage(usage: TokenUsage): void
  /** The upstream reported an error inside a 200 stream. */
  onStreamError(message: string): void
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

/** Ollama omits zero counts (`omitempty`), so a missing count is 0. */
export function ollamaUsage(object: { prompt_eval_count?: unknown; eval_count?: unknown }): TokenUsage {
  return { promptTokens: count(object.prompt_eval_count), outputTokens: count(object.eval_count) }
}

export function openAiUsage(usage: {
  prompt_tokens?: unknown
  completion_tokens?: unknown
  input_tokens?: unknown
  output_tokens?: unknown
}): TokenUsage {
  return {
    promptTokens: count(usage.prompt_tokens ?? usage.input_tokens),
    outputTokens: count(usage.completion_tokens ?? usage.output_tokens),
  }
}
