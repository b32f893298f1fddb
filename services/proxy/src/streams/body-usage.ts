import { reportedFirstTokenMs } from './first-token.ts'
import { errorMessageOf } from './stream-errors.ts'
import { ollamaUsage, openAiUsage, type TokenUsage } from './token-usage.ts'

/** Bodies up to this size are parsed whole; larger ones (huge embeddings) are scanned at the tail. */
const parseLimit = 2 * 1024 * 1024
const tailSize = 64 * 1024

/**
 * Collects a non-streamed JSON body as it passes, to read its token counts at the end: Ollama's
 * `prompt_eval_count`/`eval_count` or OpenAI's `usage`. Both sit at the end of the object, so a body
 * too large to keep is read from its last bytes.
 */
export class BodyUsageCollector {
  private chunks: Buffer[] = []
  private size = 0
  private tail: Buffer = Buffer.alloc(0)
  private object: Record<string, unknown> | null | undefined

  add(chunk: Buffer): void {
    this.size += chunk.length
    if (this.size <= parseLimit) {
      this.chunks.push(chunk)
      return
    }
    if (this.chunks.length > 0) {
      this.tail = Buffer.concat(this.chunks)
      this.chunks = []
    }
    this.tail = Buffer.concat([this.tail, chunk])
    if (this.tail.length > tailSize) this.tail = this.tail.subarray(this.tail.length - tailSize)
  }

  usage(): TokenUsage | undefined {
    if (this.size > parseLimit) return usageFromTail(this.tail.toString('utf8'))
    const object = this.parsed()
    if (!object) return undefined
    if (object.usage && typeof object.usage === 'object') return openAiUsage(object.usage)
    if ('prompt_eval_count' in object || 'eval_count' in object) return ollamaUsage(object)
    return undefined
  }

  /** Ollama's load + prompt evaluation time, for bodies small enough to parse. */
  firstTokenMs(): number | undefined {
    const object = this.size > parseLimit ? undefined : this.parsed()
    return object ? reportedFirstTokenMs(object) : undefined
  }

  /** The `error` of an error body, in Ollama's shape (a string) or OpenAI's (an object with a message). */
  errorMessage(): string | undefined {
    return errorMessageOf((this.size > parseLimit ? undefined : this.parsed())?.error)
  }

  private parsed(): Record<string, unknown> | undefined {
    if (this.object === undefined) {
      try {
        const value: unknown = JSON.parse(Buffer.concat(this.chunks).toString('utf8'))
        this.object = value && typeof value === 'object' ? (value as Record<string, unknown>) : null
      } catch {
        this.object = null
      }
    }
    return this.object ?? undefined
  }
}

function usageFromTail(text: string): TokenUsage | undefined {
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0)
  if (text.includes('"usage"')) {
    // OpenAI's names, or the Responses and Anthropic ones (`input_tokens`/`output_tokens`).
    return openAiUsage({
      prompt_tokens: number(/"(?:prompt|input)_tokens":(\d+)/),
      completion_tokens: number(/"(?:completion|output)_tokens":(\d+)/),
    })
  }
  if (text.includes('_eval_count"')) {
    return ollamaUsage({
      prompt_eval_count: number(/"prompt_eval_count":(\d+)/),
      eval_count: number(/"eval_count":(\d+)/),
    })
  }
  return undefined
}
