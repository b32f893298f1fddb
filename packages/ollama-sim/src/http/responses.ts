import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { goJson } from '../text/go-json.ts'

/** What gin's `c.JSON` sends. */
export const jsonUtf8 = 'application/json; charset=utf-8'

export type ErrorShape = 'native' | 'openai' | 'anthropic'

/** gin `c.JSON`: no trailing newline. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, jsonUtf8, goJson(value))
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType })
  res.end(body)
}

/** gin `c.Status(code)` with nothing written: no Content-Type, empty body. */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status)
  res.end()
}

export function sendError(res: ServerResponse, shape: ErrorShape, status: number, message: string): void {
  if (shape === 'native') return sendJson(res, status, { error: message })
  // Ollama's OpenAI and Anthropic middlewares write with json.Encoder: plain `application/json` and a
  // trailing newline.
  const body = shape === 'openai' ? openAiError(status, message) : anthropicError(status, message)
  send(res, status, 'application/json', goJson(body) + '\n')
}

/** `openai.NewError`: the type follows the status (reference §4.5). */
export function openAiError(status: number, message: string): unknown {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error'
  return { error: { message, type, param: null, code: null } }
}

const anthropicTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
}

/** `anthropic.NewError`: the Anthropic error envelope with a fresh `req_…` id. */
export function anthropicError(status: number, message: string): unknown {
  return {
    type: 'error',
    error: { type: anthropicTypes[status] ?? 'api_error', message },
    request_id: randomHexId('req'),
  }
}

/** `anthropic.generateID`: a prefix and 12 random bytes in hex. */
export function randomHexId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`
}
