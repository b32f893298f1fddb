import type { IncomingMessage } from 'node:http'
import { Errors } from '@corral/core'
import type { BodyHold } from './body-budget.ts'

/** Prompts with a few large images fit; anything bigger than this is not a chat request. */
export const maxJsonBodyBytes = 64 * 1024 * 1024

/**
 * Reads a JSON request body as bytes, without trusting Content-Type: Ollama ignores it, and its own
 * documentation's `curl -d` examples send form encoding. The bytes count against the caller's body
 * memory (`hold`) as they arrive; a declared length is counted at once, so a body over the budget is
 * refused before it is read.
 */
export async function readBody(
  body: IncomingMessage,
  hold?: BodyHold,
  limit = maxJsonBodyBytes,
): Promise<Buffer> {
  const declared = Number(body.headers['content-length'])
  if (declared > limit) throw new Errors.payloadTooLarge(`The request body is larger than ${limit} bytes`)
  const known = Number.isInteger(declared) && declared > 0
  if (known) hold?.grow(declared)
  // With a declared length the bytes go into one buffer of that size as they arrive: the socket's
  // chunks are let go at once, and a large body never exists twice (its chunks and their join).
  const whole = known ? Buffer.allocUnsafe(declared) : undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit)
      throw new Errors.payloadTooLarge(`The request body is larger than ${limit} bytes`)
    if (whole) {
      // Node's parser stops at Content-Length; this only guards the copy.
      if (size + chunk.length > declared)
        throw new Errors.badRequest('The body is longer than its Content-Length')
      chunk.copy(whole, size)
    } else {
      hold?.grow(chunk.length)
      chunks.push(chunk)
    }
    size += chunk.length
  }
  if (whole) return size === declared ? whole : whole.subarray(0, size)
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

export interface ParsedBody {
  json: Record<string, unknown>
  /** `model`, or Ollama's older `name` (ollama-js sends `name` for pull, push and delete). */
  model: string | undefined
}

/**
 * Parses a JSON object body. Empty and malformed bodies get Ollama's own 400 answers, so clients see
 * what they would without the gateway.
 */
export function parseJsonBody(bytes: Buffer): ParsedBody {
  if (bytes.length === 0) throw new Errors.badRequest('missing request body')
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new Errors.badRequest(`invalid JSON: ${(error as Error).message}`)
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new Errors.badRequest('the request body must be a JSON object')
  const object = json as Record<string, unknown>
  const model =
    typeof object.model === 'string' && object.model
      ? object.model
      : typeof object.name === 'string' && object.name
        ? object.name
        : undefined
  return { json: object, model }
}
