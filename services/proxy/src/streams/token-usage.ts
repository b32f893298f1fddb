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
  /**
   * Output began: the first line or event carrying text, thinking or a tool call went by now, or, for
   * an answer that was not streamed, `afterDispatchMs` is what Ollama reports it took to get there
   * (`load_duration` + `prompt_eval_duration`).
   */
  onFirstToken(afterDispatchMs?: number): void
  /** The upstream's final counts (the `done: true` line, or the OpenAI usage object). */
  onUsage(usage: TokenUsage): void
  /** The upstream reported an error inside a 200 stream, or the stream ended unfinished. */
  onStreamError(message: string): void
}

/**
 * The largest count a usage record holds (a PostgreSQL integer). Counts come from the backend, which
 * may send anything (`1e308`, negatives, fractions): they become whole numbers in this range before
 * they reach the records, the quotas or the fair-share counters.
 */
export const maxTokenCount = 2_147_483_647

export function tokenCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0
  return Math.min(Math.floor(value), maxTokenCount)
}

/** Ollama omits zero counts (`omitempty`), so a missing count is 0. */
export function ollamaUsage(object: { prompt_eval_count?: unknown; eval_count?: unknown }): TokenUsage {
  return { promptTokens: tokenCount(object.prompt_eval_count), outputTokens: tokenCount(object.eval_count) }
}

export function openAiUsage(usage: {
  prompt_tokens?: unknown
  completion_tokens?: unknown
  input_tokens?: unknown
  output_tokens?: unknown
}): TokenUsage {
  return {
    promptTokens: tokenCount(usage.prompt_tokens ?? usage.input_tokens),
    outputTokens: tokenCount(usage.completion_tokens ?? usage.output_tokens),
  }
}
