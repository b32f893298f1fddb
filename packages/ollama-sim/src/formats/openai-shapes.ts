import type { GenerationSummary, NativeToolCall } from '../inference/generation-types.ts'
import { goJson } from '../text/go-json.ts'

export const fingerprint = 'fp_ollama'

/** Ollama's ids are `chatcmpl-<0..998>`: random and not unique (reference §4.1). */
export function shortId(prefix: string): string {
  return `${prefix}-${Math.floor(Math.random() * 999)}`
}

export function sseEvent(value: unknown): string {
  return `data: ${goJson(value)}\n\n`
}

export const sseDone = 'data: [DONE]\n\n'

/** `openai.ToUsage`: the native counts, renamed. */
export function usage(summary: GenerationSummary): {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
} {
  const { prompt_eval_count: prompt, eval_count: completion } = summary.metrics
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }
}

/** In the OpenAI API `arguments` is a JSON string, and every call has `type: "function"`. */
export function openAiToolCalls(calls: NativeToolCall[]): unknown[] {
  return calls.map((call) => ({
    id: call.id,
    index: call.function.index,
    type: 'function',
    function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
  }))
}
