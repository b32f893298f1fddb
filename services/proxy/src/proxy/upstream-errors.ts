import type { OutgoingHttpHeaders } from 'node:http'
import type { Dispatcher } from 'undici'
import { errorBodyFor, routeFamily } from '@corral/core'
import { errorMessageOf } from '../streams/stream-errors.ts'
import { clientResponseHeaders } from './proxy-headers.ts'

/** Ollama's error bodies are one short message; anything longer is not one. */
export const maxErrorBodyBytes = 64 * 1024

export interface ScreenedError {
  status: number
  headers: OutgoingHttpHeaders
  body: Buffer
  /** For the usage record: the backend's message, or what was wrong with its answer. */
  message: string
  /** False when the body was cut off at the size limit (the upstream request was aborted). */
  complete: boolean
}

/**
 * A backend's 5xx answer, read (bounded) before anything is sent. Ollama's own error bodies
 * (`{"error": "…"}`, JSON) pass through unchanged: clients show them. Anything else (an HTML stack
 * page from a crashed backend or from a proxy in front of it, an empty body from a panic, megabytes
 * of something) never reaches the client, which gets Corral's error in the shape of its API instead.
 */
export async function screenServerError(
  response: Dispatcher.ResponseData,
  path: string,
): Promise<ScreenedError> {
  const { statusCode: status } = response
  const { bytes, complete } = await readBounded(response.body, maxErrorBodyBytes)
  const contentType = String(response.headers['content-type'] ?? '')
  const message = complete && contentType.includes('json') ? errorBodyMessage(bytes) : undefined
  if (message !== undefined) {
    return { status, headers: clientResponseHeaders(response.headers, false), body: bytes, message, complete }
  }
  const text = `The Ollama backend failed (HTTP ${status})`
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(
      JSON.stringify(errorBodyFor(routeFamily(path), status, 'CORRAL_ERR_UPSTREAM_UNAVAILABLE', text)),
    ),
    message: `the model backend answered ${status} without an Ollama error body`,
    complete,
  }
}

/** Reads at most `limit` bytes; beyond that the body is abandoned (and the upstream request aborted). */
export async function readBounded(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      body.destroy()
      return { bytes: Buffer.concat(chunks), complete: false }
    }
    chunks.push(chunk)
  }
  return { bytes: Buffer.concat(chunks), complete: true }
}

/** The message of an Ollama `{"error": "…"}` body or an OpenAI-compatible `{"error": {"message": "…"}}` one. */
export function errorBodyMessage(bytes: Buffer): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
  return errorMessageOf((body as { error?: unknown } | null)?.error)
}
