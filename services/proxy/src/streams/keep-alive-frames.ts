import { ollamaErrorBody, openAiErrorBody, routeFamily } from '@corral/core'
import { ndjsonErrorLine, sseErrorEvent } from './stream-errors.ts'

/** The answer a waiting request will get, and so the keep-alive its client's parser passes over. */
export type KeepAliveFraming = 'sse' | 'ndjson-chat' | 'ndjson-generate' | 'json'

export interface KeepAliveFrames {
  /** Sent with the 200 before the backend has answered: the type the backend's answer will have. */
  contentType: string
  /** One keep-alive. */
  beat: () => string
  /** How the answer ends when it fails after the 200 went out (the backend's status cannot follow). */
  error: (status: number, message: string) => string
}

/**
 * What each client tolerates (docs/deployment.md, "Behind a Cloudflare Tunnel", names the lines):
 * - SSE: a comment line is skipped by the SSE parsers of the spec, openai-node and the Anthropic SDK.
 * - NDJSON: no blank line (ollama-python's `json.loads('')` raises, the Go CLI stops, ollama-js warns),
 *   but an empty progress object of the stream's own shape, which Ollama itself sends (a role, an
 *   empty piece) and every client appends as "". It goes to the client only, never to the relay that
 *   counts the backend's lines, so usage and time to first token are the backend's alone.
 * - JSON: leading whitespace, which JSON.parse, Go's json.Unmarshal and Python's json.loads skip.
 */
export function keepAliveFrames(framing: KeepAliveFraming, model: string, path: string): KeepAliveFrames {
  switch (framing) {
    case 'sse':
      return {
        contentType: 'text/event-stream',
        beat: () => ': keep-alive\n\n',
        error: (status, message) => sseErrorEvent(message, status),
      }
    case 'ndjson-chat':
      return ndjson(() => ({ message: { role: 'assistant', content: '' } }), model)
    case 'ndjson-generate':
      return ndjson(() => ({ response: '' }), model)
    case 'json':
      return {
        contentType: 'application/json; charset=utf-8',
        beat: () => '\n',
        error: (status, message) =>
          JSON.stringify(
            routeFamily(path) === 'openai' ? openAiErrorBody(status, message) : ollamaErrorBody(message),
          ),
      }
  }
}

/** Ollama's own field order (`api/types.go`), `created_at` in RFC 3339 like its lines. */
function ndjson(piece: () => Record<string, unknown>, model: string): KeepAliveFrames {
  return {
    contentType: 'application/x-ndjson',
    beat: () =>
      `${JSON.stringify({ model, created_at: new Date().toISOString(), ...piece(), done: false })}\n`,
    error: (_status, message) => ndjsonErrorLine(message),
  }
}
