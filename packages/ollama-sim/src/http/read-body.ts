import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error.ts'

export type JsonObject = Record<string, unknown>

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

/**
 * Reads a JSON object the way gin's `ShouldBindJSON` into the Go struct `goType` does, with Go's wording for
 * the errors clients show: an empty body is `missing request body` (native handlers turn Go's `io.EOF` into
 * it; the OpenAI middleware passes plain `EOF` through), and JSON null decodes to an empty struct.
 */
export async function readJsonObject(
  req: IncomingMessage,
  goType: string,
  emptyMessage: string,
): Promise<JsonObject> {
  return parseJsonObject(await readBody(req), goType, emptyMessage)
}

/** `readJsonObject` for a body already read (or decompressed). */
export function parseJsonObject(body: Buffer, goType: string, emptyMessage: string): JsonObject {
  const text = body.toString('utf8')
  if (text.trim() === '') throw new HttpError(400, emptyMessage)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, goSyntaxError(text, error))
  }
  if (value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, `json: cannot unmarshal ${goKind(value)} into Go value of type ${goType}`)
  }
  return value as JsonObject
}

/** Go's kind names in `json: cannot unmarshal <kind> into …`. */
export function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  return typeof value
}

function goSyntaxError(text: string, error: unknown): string {
  // `readJsonObject` has already refused a blank body, so there is a first character.
  const first = text.trimStart()[0]!
  if (!'{["-0123456789tfn'.includes(first))
    return `invalid character '${first}' looking for beginning of value`
  const message = error instanceof Error ? error.message : String(error)
  if (/end of JSON input|Unterminated/i.test(message)) return 'unexpected EOF'
  const token = /Unexpected token '?(.)'?/.exec(message)?.[1]
  return token ? `invalid character '${token}' in JSON input` : `invalid JSON: ${message}`
}
