import { openAiErrorBody } from '@corral/core'

/**
 * How a stream that already sent 200 reports a failure: a final `{"error": …}` NDJSON line, or an SSE
 * data event with an OpenAI error object. Every official client turns these into an exception.
 */
export function ndjsonErrorLine(message: string): string {
  return `${JSON.stringify({ error: message })}\n`
}

export function sseErrorEvent(message: string): string {
  return `data: ${JSON.stringify(openAiErrorBody(500, message))}\n\n`
}
