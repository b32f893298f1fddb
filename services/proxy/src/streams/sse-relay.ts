import { sseCarriesOutput } from './first-token.ts'
import { EventBuffer } from './frame-buffer.ts'
import { errorMessageOf, sseErrorEvent, unfinishedStream } from './stream-errors.ts'
import type { StreamRelay } from './stream-relay.ts'
import { openAiUsage, type StreamObserver, type TokenUsage } from './token-usage.ts'

const eventSeparator = Buffer.from('\n\n')
const dataField = Buffer.from('data:')
/** The last event of a stream that finished: OpenAI's `[DONE]`, the Responses API's, Anthropic's. */
const finalTypes = new Set(['response.completed', 'response.incomplete', 'message_stop'])
/** Quoted, so generated text (whose quotes JSON escapes) never matches. */
const finalMarkers = ['"response.completed"', '"response.incomplete"', '"message_stop"']

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
 * matter: until the first event with output (time to first token), and when it can carry usage, an
 * error or the end. The usage of a stream is the largest count seen per field, which covers OpenAI
 * chat (one usage chunk), completions (zeroed usage on every chunk, then the real one), the Responses
 * API (`response.usage`) and Anthropic messages (input at start, output at the end). A stream that
 * ends without its final event (Ollama's way of failing mid-stream on `/v1`) gets an error event.
 */
export class SseRelay implements StreamRelay {
  private readonly events = new EventBuffer()
  private readonly onEvent = (event: Buffer): void => this.collect(event)
  private readonly pieces: Buffer[] = []
  private rewritten = false
  /** Largest count seen per field; reported on every change so an aborted stream keeps what it saw. */
  private usage: TokenUsage | undefined
  private outputSeen = false
  private finished = false
  private failed = false

  constructor(
    private readonly observer: StreamObserver,
    private readonly options: SseRelayOptions,
  ) {}

  push(chunk: Buffer): Buffer | undefined {
    this.pieces.length = 0
    this.rewritten = false
    const data = this.events.push(chunk, this.onEvent)
    if (!data) return undefined
    // The common case forwards the upstream bytes as they came, without copying.
    return this.rewritten ? Buffer.concat(this.pieces) : data
  }

  end(): Buffer | string | undefined {
    const rest = this.events.take()
    const last = rest && this.relayEvent(rest)
    if (this.finished || this.failed) return last
    this.failed = true
    this.observer.onStreamError(unfinishedStream)
    return last
      ? Buffer.concat([last, eventSeparator, Buffer.from(sseErrorEvent(unfinishedStream))])
      : sseErrorEvent(unfinishedStream)
  }

  errorFrame(message: string): string {
    return sseErrorEvent(message)
  }

  private collect(original: Buffer): void {
    const event = this.relayEvent(original)
    if (event !== original) this.rewritten = true
    if (event) this.pieces.push(event, eventSeparator)
  }

  /** Returns the event to forward (possibly rewritten), or undefined to drop it. */
  private relayEvent(event: Buffer): Buffer | undefined {
    const dataStart = startsWithData(event) ? 0 : event.indexOf(dataField)
    if (dataStart === -1) return event
    const text = event.toString('utf8', dataStart + 5).trim()
    if (text === '[DONE]') {
      this.finished = true
      return event
    }
    const mentionsUsage = text.includes('"usage"')
    const mentionsError = text.includes('"error"')
    // Only the Responses API and Anthropic streams have typed events (and their ends).
    const mentionsEnd = text.includes('"type"') && finalMarkers.some((marker) => text.includes(marker))
    if (this.outputSeen && !mentionsUsage && !mentionsError && !mentionsEnd) {
      this.observer.onOutput()
      return event
    }
    let object: Record<string, unknown>
    try {
      object = JSON.parse(text) as Record<string, unknown>
    } catch {
      return event
    }
    if (!object || typeof object !== 'object') return event
    const error = errorMessage(object)
    if (error !== undefined) {
      this.failed = true
      this.observer.onStreamError(error)
      return event
    }
    if (typeof object.type === 'string' && finalTypes.has(object.type)) this.finished = true
    if (!this.outputSeen && sseCarriesOutput(object)) {
      this.outputSeen = true
      this.observer.onFirstToken()
    }
    if (!mentionsUsage) {
      this.observer.onOutput()
      return event
    }
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

/**
 * The error an event reports: an OpenAI error object (or string), an Anthropic or Responses API
 * `type: "error"` event, or a failed response.
 */
function errorMessage(object: Record<string, unknown>): string | undefined {
  const reported = 'the model backend reported an error'
  if (object.error) return errorMessageOf(object.error) ?? reported
  if (object.type === 'error') return errorMessageOf(object) ?? reported
  if (object.type === 'response.failed')
    return errorMessageOf((object.response as { error?: unknown } | undefined)?.error) ?? reported
  return undefined
}

/** Most events are a single `data:` line: that case needs no search. */
function startsWithData(event: Buffer): boolean {
  return event[0] === 0x64 && event[1] === 0x61 && event[2] === 0x74 && event[3] === 0x61 && event[4] === 0x3a
}
