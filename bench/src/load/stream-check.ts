import { simTokens } from '@corral/ollama-sim'

/** `created_at` (RFC 3339 with nanoseconds, stamped by the simulator just before it writes the line) in epoch ms. */
export function createdAtMs(createdAt: string): number {
  const fraction = createdAt.length > 20 ? Number(`0.${createdAt.slice(20, -1)}`) : 0
  return Date.parse(`${createdAt.slice(0, 19)}Z`) + fraction * 1000
}

interface ChatLine {
  created_at?: string
  message?: { content?: string }
  done?: boolean
  eval_count?: number
}

/**
 * Checks one `/api/chat` stream line by line against what the simulator must have sent for `prompt`
 * (its text is deterministic), and reports each line's relay delay: arrival minus `created_at`.
 */
export class StreamCheck {
  private readonly expected: string[]
  private text = ''
  private lines = 0
  private done = false
  private broken = false

  constructor(
    prompt: string,
    private readonly tokens: number,
  ) {
    this.expected = simTokens(prompt, tokens)
  }

  /** Returns the line's delay in ms (undefined when the line is not valid). */
  line(raw: string, receivedAt: number): number | undefined {
    this.lines++
    let line: ChatLine
    try {
      line = JSON.parse(raw) as ChatLine
    } catch {
      this.broken = true
      return undefined
    }
    if (line.done === true) {
      this.done = line.eval_count === this.tokens
    } else {
      this.text += line.message?.content ?? ''
    }
    if (typeof line.created_at !== 'string') return undefined
    return performance.timeOrigin + receivedAt - createdAtMs(line.created_at)
  }

  /** Lines missing (or extra) and whether the content came through intact. */
  verdict(): { lost: number; intact: boolean } {
    const lost = Math.abs(this.tokens + 1 - this.lines)
    return { lost, intact: !this.broken && this.done && this.text === this.expected.join('') }
  }
}
