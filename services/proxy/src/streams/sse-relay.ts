import { sseErrorEvent } from './stream-errors.ts'
import type { StreamRelay } from './stream-relay.ts'
import { openAiUsage, type StreamObserver, type TokenUsage } from './token-usage.ts'

const eventSeparator = Buffer.from('\n\n')

export interface SseRelayOptions {
  /**
   * True when Corral added `stream_options.include_usage` itself: the usage-only chunk is then
   * dropped (and `/v1/completions`' zeroed per-chunk usage removed) so the client sees exactly the
   * stream it asked for.
   */
  stripUsage: boolean
}

/**
 * Relays an OpenAI-style SSE stream event by event. Each event's JSON is inspected only when it can
 * carry usage or an error; the usage of a stream is the largest count seen per field, which covers
 * OpenAI chat (one usage chunk), completions (zeroed usage on every chunk, then the real one), the
 * Responses API (`response.usage`) and Anthropic messages (input at start, output at the end).
 */
export class SseRelay implements StreamRelay {
  private remainder: Buffer | undefined
  /** Largest count seen per field; reported on every change so an aborted stream keeps what it saw. */
  private usage: TokenUsage | undefined

  constructor(
    private readonly observer: StreamObserver,
    private readonly options: SseRelayOptions,
  ) {}

  push(chunk: Buffer): Buffer | undefined {
    const data = this.remainder ? Buffer.concat([this.remainder, chunk]) : chunk
    const pieces: Buffer[] = []
    let rewritten = false
    let start = 0
    for (
      let end = data.indexOf(eventSeparator, start);
      end !== -1;
      end = data.indexOf(eventSeparator, start)
    ) {
      const original = data.subarray(start, end)
      const event = this.relayEvent(original)
      if (event !== original) rewritten = true
      if (event) pieces.push(event, eventSeparator)
      start = end + eventSeparator.length
    }
    this.remainder = start === data.length ? undefined : Buffer.from(data.subarray(start))
    if (start === 0) return undefined
    // The common case forwards the upstream bytes as they came, without copying.
    return rewritten ? Buffer.concat(pieces) : data.subarray(0, start)
  }

  end(): Buffer | undefined {
    const rest = this.remainder
    this.remainder = undefined
    return rest && this.relayEvent(rest)
  }

  errorFrame(message: string): string {
    return sseErrorEvent(message)
  }

  /** Returns the event to forward (possibly rewritten), or undefined to drop it. */
  private relayEvent(event: Buffer): Buffer | undefined {
    const dataStart = event.indexOf('data:')
    if (dataStart === -1) return event
    const text = event.toString('utf8', dataStart + 5).trim()
    if (text === '[DONE]') return event
    const mentionsUsage = text.includes('"usage"')
    if (!mentionsUsage && !text.includes('"error"')) {
      this.observer.onOutput()
      return event
    }
    let object: Record<string, unknown>
    try {
      object = JSON.parse(text) as Record<string, unknown>
    } catch {
      return event
    }
    if (object.error && typeof object.error === 'object') {
      const message = (object.error as { message?: unknown }).message
      this.observer.onStreamError(typeof message === 'string' ? message : 'upstream error')
      return event
    }
    if (!mentionsUsage) return event
    this.noteUsage(object)
    if (!this.options.stripUsage) return event
    if (Array.isArray(object.choices) && object.choices.length === 0) return undefined
    if ('usage' in object) {
      delete object.usage
      this.observer.onOutput()
      return Buffer.from(`${event.toString('utf8', 0, dataStart)}data: ${JSON.stringify(object)}`)
    }
    return event
  }

  /**
   * Not the largest count but the latest: every usage object in these streams is a running total.
   * `/v1/completions` sends zeros before the real usage, and Ollama's Anthropic `message_start` carries
   * an estimate of the input tokens that `message_delta` replaces with the evaluated count. A count an
   * event leaves out (Anthropic's own `message_delta` has only `output_tokens`) keeps its earlier value.
   */
  private noteUsage(object: Record<string, unknown>): void {
    const candidates = [
      object.usage,
      (object.response as { usage?: unknown } | undefined)?.usage,
      (object.message as { usage?: unknown } | undefined)?.usage,
    ]
    const reported = (counts: Record<string, unknown>, openAiKey: string, anthropicKey: string) =>
      typeof counts[openAiKey] === 'number' || typeof counts[anthropicKey] === 'number'
    let changed = false
    for (const candidate of candidates) {
      if (!candidate || typeof candidate !== 'object') continue
      const counts = candidate as Record<string, unknown>
      const usage = openAiUsage(candidate)
      this.usage = {
        promptTokens: reported(counts, 'prompt_tokens', 'input_tokens')
          ? usage.promptTokens
          : (this.usage?.promptTokens ?? 0),
        outputTokens: reported(counts, 'completion_tokens', 'output_tokens')
          ? usage.outputTokens
          : (this.usage?.outputTokens ?? 0),
      }
      changed = true
    }
    if (changed && this.usage) this.observer.onUsage(this.usage)
  }
}
