import { simThinkingTokens, simTokens } from '../text/tokens.ts'
import { fakeFromSchema } from './fake-values.ts'
import type { NativeToolCall, Piece } from './generation-types.ts'

export interface PlanInput {
  /** The prompt (generate) or the last message (chat): the same seed always gives the same answer. */
  seed: string
  outputTokens: number
  thinking: boolean
  toolCall?: NativeToolCall
  /** `format`: `"json"` or a JSON schema; the answer is then valid JSON cut into pieces. */
  format?: unknown
}

/**
 * The output of one request, one piece per streamed chunk. With thinking on, the first third of the tokens
 * are reasoning (they count in `eval_count` like real thinking tokens do).
 */
export function planPieces(input: PlanInput): Piece[] {
  const thinkingCount = input.thinking ? Math.max(1, Math.floor(input.outputTokens / 3)) : 0
  const pieces: Piece[] = simThinkingTokens(input.seed, thinkingCount).map((thinking) => ({
    content: '',
    thinking,
  }))
  if (input.toolCall) return [...pieces, { content: '', toolCalls: [input.toolCall] }]
  const contentCount = Math.max(0, input.outputTokens - thinkingCount)
  const content = hasFormat(input.format)
    ? splitText(JSON.stringify(structuredAnswer(input.format, input.seed)), Math.max(1, contentCount))
    : simTokens(input.seed, contentCount)
  return [...pieces, ...content.map((token) => ({ content: token }))]
}

function hasFormat(format: unknown): boolean {
  return format === 'json' || (typeof format === 'object' && format !== null)
}

function structuredAnswer(format: unknown, seed: string): unknown {
  if (format === 'json') return { response: simTokens(seed, 6).join('') }
  return fakeFromSchema(format, seed)
}

function splitText(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts)
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size))
  return chunks
}
