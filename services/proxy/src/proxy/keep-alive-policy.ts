import type { IncomingHttpHeaders } from 'node:http'
import type { KeepAliveMode } from '@corral/core'
import type { KeepAliveFraming } from '../streams/keep-alive-frames.ts'

const sseEndpoints = new Set(['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/messages'])
const ndjsonEndpoints: Record<string, KeepAliveFraming> = {
  '/api/chat': 'ndjson-chat',
  '/api/generate': 'ndjson-generate',
}
/** Endpoints whose unstreamed answer is JSON (not `/v1/audio/transcriptions`, which may be text). */
const jsonEndpoints = new Set([
  ...sseEndpoints,
  ...Object.keys(ndjsonEndpoints),
  '/v1/embeddings',
  '/api/embed',
  '/api/embeddings',
])

/**
 * Which keep-alive a request may get, if any (CORRAL_KEEPALIVE). Once a keep-alive has gone out the
 * answer's status is 200 whatever happens next, and a failure can only be told inside the body:
 * - SSE streams always: every SSE parser skips comments, and SDKs raise the error event.
 * - NDJSON streams through Cloudflare (`auto`) or everywhere (`always`): clients raise the error line,
 *   but only an empty progress object passes as a keep-alive, and an answer that changes shape
 *   without need is not one to give every client.
 * - JSON answers only with `always`: after a 200, a `{"error": …}` body is no error to ollama-js or
 *   openai-node, which hand it back as the answer.
 *
 * "Through Cloudflare" is a `CF-Connecting-IP` or `CF-Ray` header, whoever set it: Cloudflare sets
 * both on every request it forwards, and nginx's configuration clears the first but passes the second.
 * No trust is needed: the header only changes the framing of its sender's own answer.
 */
export function keepAliveFraming(
  mode: KeepAliveMode,
  endpoint: string,
  stream: unknown,
  headers: IncomingHttpHeaders,
): KeepAliveFraming | undefined {
  if (mode === 'off') return undefined
  // Ollama streams unless told not to; its OpenAI-compatible endpoints only when asked.
  const streamed = endpoint.startsWith('/v1/') ? stream === true : stream !== false
  if (streamed && sseEndpoints.has(endpoint)) return 'sse'
  const ndjson = ndjsonEndpoints[endpoint]
  if (streamed && ndjson) return mode === 'always' || throughCloudflare(headers) ? ndjson : undefined
  if (mode === 'always' && jsonEndpoints.has(endpoint)) return 'json'
  return undefined
}

function throughCloudflare(headers: IncomingHttpHeaders): boolean {
  return headers['cf-connecting-ip'] !== undefined || headers['cf-ray'] !== undefined
}
