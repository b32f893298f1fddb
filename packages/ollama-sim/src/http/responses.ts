import type { ServerResponse } from 'node:http'
import { goJson } from '../text/go-json.ts'

/** What gin's `c.JSON` sends. */
export const jsonUtf8 = 'application/json; charset=utf-8'

export type ErrorShape = 'native' | 'openai'

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
  if (shape === 'native') sendJson(res, status, { error: message })
  // Ollama's OpenAI middleware writes with json.Encoder: plain `application/json` and a trailing newline.
  else send(res, status, 'application/json', goJson(openAiError(status, message)) + '\n')
}

/** `openai.NewError`: the type follows the status (reference §4.5). */
export function openAiError(status: number, message: string): unknown {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error'
  return { error: { message, type, param: null, code: null } }
}
