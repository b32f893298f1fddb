import type { Dispatcher } from 'undici'
import type { Backend } from './backend.ts'

/**
 * A small JSON call to a backend (health checks, model lists, fan-outs). Not for the streaming hot
 * path, which never buffers a body.
 */
export async function upstreamJson<T>(
  backend: Backend,
  method: Dispatcher.HttpMethod,
  path: string,
  options: { body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: T | undefined; text: string }> {
  const response = await backend.pool.request({
    method,
    path: backend.pathPrefix + path,
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    headersTimeout: options.timeoutMs ?? 5000,
    bodyTimeout: options.timeoutMs ?? 5000,
  })
  const text = await response.body.text()
  let body: T | undefined
  try {
    body = text ? (JSON.parse(text) as T) : undefined
  } catch {
    body = undefined
  }
  return { status: response.statusCode, body, text }
}
