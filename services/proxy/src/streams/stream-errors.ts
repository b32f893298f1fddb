import { openAiErrorBody } from '@corral/core'

/** What the client is told when the backend closed a stream before its final line or event. */
export const unfinishedStream = 'the model backend ended the answer before finishing it'

/** What the client is told when the backend's connection failed mid-answer (the cause is only logged). */
export const backendFailedWhileAnswering = 'the model backend failed while answering'

/**
 * How a stream that already sent 200 reports a failure: a final `{"error": …}` NDJSON line, or an SSE
 * error event. Every official client turns these into an exception.
 */
export function ndjsonErrorLine(message: string): string {
  return `${JSON.stringify({ error: message })}\n`
}

/**
 * One SSE frame every SDK reads as an error: the OpenAI SDKs throw on a data object with an `error`
 * key, the Anthropic SDK on an event named `error` (whose data has `type: "error"`). `status` picks
 * the OpenAI error `type` (`rate_limit_error` for 429…) when Corral knows the status it stands for.
 */
export function sseErrorEvent(message: string, status = 500): string {
  return `event: error\ndata: ${JSON.stringify({ type: 'error', ...openAiErrorBody(status, message) })}\n\n`
}

/** The message of an `error` value: Ollama's string, or an OpenAI or Anthropic error object's `message`. */
export function errorMessageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error
  const message = (error as { message?: unknown } | null | undefined)?.message
  return typeof message === 'string' ? message : undefined
}
