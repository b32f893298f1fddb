import type { GenerationSummary, OutputFormat, Piece } from '../inference/generation-types.ts'
import { goJson } from '../text/go-json.ts'

/** Headers the Responses and Anthropic middlewares set on a stream before its first event. */
const sseHeaders = { 'Cache-Control': 'no-cache', Connection: 'keep-alive' }

/** Turns a request's chunks into named SSE events; one instance per request, it keeps the state. */
export interface EventConverter {
  piece(piece: Piece): string[]
  done(summary: GenerationSummary): string[]
}

/**
 * An endpoint Ollama serves through a converting writer (`/v1/responses`, `/v1/messages`): SSE events
 * from the converter, or one object written by `json.Encoder` (plain `application/json`, a newline).
 */
export function eventStreamFormat(
  stream: boolean,
  events: EventConverter,
  whole: (summary: GenerationSummary) => unknown,
): OutputFormat {
  const wholeBody = (summary: GenerationSummary) => ({
    contentType: 'application/json',
    body: goJson(whole(summary)) + '\n',
  })
  return {
    streamContentType: 'text/event-stream',
    streamHeaders: sseHeaders,
    piece: (piece) => events.piece(piece),
    done: (summary) => events.done(summary),
    // The native error line decodes as an empty chunk, which yields no event: the stream just stops.
    streamError: () => [],
    whole: wholeBody,
    // A load (nothing to answer) is a whole response with nothing in it, streamed or not.
    load: (summary) =>
      stream ? { contentType: 'text/event-stream', body: events.done(summary).join('') } : wholeBody(summary),
  }
}
