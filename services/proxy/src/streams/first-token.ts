/**
 * Which frames carry output, for time to first token: Ollama may send its headers, and lines without
 * text (a role, an empty delta), before the model has produced anything. Frames are inspected only
 * until the first one that carries output is found.
 */

const nonEmpty = (value: unknown): boolean =>
  (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0)

/** A native `/api/chat` or `/api/generate` line with text, thinking or a tool call. */
export function ndjsonCarriesOutput(line: Record<string, unknown>): boolean {
  if (nonEmpty(line.response) || nonEmpty(line.thinking)) return true
  const message = line.message as Record<string, unknown> | undefined
  if (!message || typeof message !== 'object') return false
  return nonEmpty(message.content) || nonEmpty(message.thinking) || nonEmpty(message.tool_calls)
}

/**
 * An SSE data object with output: an OpenAI chat delta (content, reasoning, tool calls), a completions
 * choice with text, a Responses API `*.delta` event, or an Anthropic `content_block_delta`.
 */
export function sseCarriesOutput(data: Record<string, unknown>): boolean {
  if (Array.isArray(data.choices)) {
    for (const choice of data.choices as Record<string, unknown>[]) {
      if (!choice || typeof choice !== 'object') continue
      if (nonEmpty(choice.text)) return true
      const delta = choice.delta as Record<string, unknown> | undefined
      if (delta && typeof delta === 'object') {
        for (const key of ['content', 'reasoning', 'reasoning_content', 'tool_calls'])
          if (nonEmpty(delta[key])) return true
      }
    }
    return false
  }
  if (typeof data.type !== 'string') return false
  if (data.type.endsWith('.delta')) return nonEmpty(data.delta)
  if (data.type === 'content_block_delta') {
    const delta = data.delta as Record<string, unknown> | undefined
    return !!delta && ['text', 'thinking', 'partial_json'].some((key) => nonEmpty(delta[key]))
  }
  return false
}

/** Ollama's own measure for an answer that was not streamed: model load plus prompt evaluation. */
export function reportedFirstTokenMs(body: Record<string, unknown>): number | undefined {
  const load = body.load_duration
  const prompt = body.prompt_eval_duration
  if (typeof prompt !== 'number' || !Number.isFinite(prompt) || prompt < 0) return undefined
  const loadNs = typeof load === 'number' && Number.isFinite(load) && load > 0 ? load : 0
  return (loadNs + prompt) / 1e6
}
