import type { IncomingMessage } from 'node:http'
import { Decompress } from 'fzstd'
import { HttpError } from './http-error.ts'
import { readBody } from './read-body.ts'

/** Ollama's `maxDecompressedBodySize` (`middleware/openai.go`). */
const maxDecompressedBytes = 20 << 20
const zstdMagic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd])

/**
 * The body of a `/v1/responses` request: Ollama decompresses it when `Content-Encoding` is exactly `zstd`
 * (the Codex CLI sends such bodies) and refuses more than 20 MiB once decompressed, with the error Go's
 * `MaxBytesReader` gives. Any other encoding is passed to the JSON decoder as it came. Node 20's zlib has
 * no zstd, hence fzstd.
 */
export async function readResponsesBody(req: IncomingMessage): Promise<Buffer> {
  if (req.headers['content-encoding'] !== 'zstd') return readBody(req)
  const parts: Uint8Array[] = []
  let size = 0
  const decoder = new Decompress((data) => {
    size += data.length
    if (size > maxDecompressedBytes) throw new HttpError(400, 'http: request body too large')
    parts.push(data)
  })
  let first = true
  try {
    for await (const chunk of req) {
      const bytes = chunk as Buffer
      // klauspost/compress words a foreign body this way; fzstd would only say "invalid zstd data".
      if (first && bytes.length >= 4 && !bytes.subarray(0, 4).equals(zstdMagic)) {
        throw new HttpError(400, 'invalid input: magic number mismatch')
      }
      first = false
      decoder.push(bytes)
    }
    decoder.push(new Uint8Array(0), true)
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(400, error instanceof Error ? error.message : String(error))
  }
  return Buffer.concat(parts)
}
