import { createHash } from 'node:crypto'
import type { Exchange } from '../http/exchange.ts'
import { HttpError } from '../http/http-error.ts'
import { sendEmpty } from '../http/responses.ts'
import { sleep } from '../scheduling/sleep.ts'
import type { Route } from '../http/router.ts'

const digestPattern = /^sha256[:-][0-9a-fA-F]{64}$/

/** Ollama stores `sha256:x` as the file `sha256-x`, so both spellings find the same blob. */
function blobKey(exchange: Exchange): string {
  // The router binds every `:param` of the route's path.
  const digest = exchange.params.digest!
  if (!digestPattern.test(digest)) throw new HttpError(400, 'invalid digest format')
  return digest.replace('-', ':')
}

/** `HEAD` and `POST /api/blobs/:digest` (reference §3.15). */
export const blobRoutes: Route[] = [
  {
    method: 'HEAD',
    path: '/api/blobs/:digest',
    errors: 'native',
    handler: (exchange) => {
      if (!exchange.ctx.blobs.has(blobKey(exchange))) {
        throw new HttpError(404, `blob ${JSON.stringify(exchange.params.digest)} not found`)
      }
      sendEmpty(exchange.res, 200)
    },
  },
  {
    method: 'POST',
    path: '/api/blobs/:digest',
    errors: 'native',
    handler: async (exchange) => {
      const { ctx, req, res, params } = exchange
      const key = blobKey(exchange)
      if (ctx.blobs.has(key)) return sendEmpty(res, 200)
      // Hash as the bytes arrive: uploads can be many GB and must never be held in memory.
      const hash = createHash('sha256')
      const started = performance.now()
      let size = 0
      for await (const chunk of req) {
        hash.update(chunk as Buffer)
        size += (chunk as Buffer).length
        // A slow disk: not reading is what makes TCP push back on the sender.
        const rate = ctx.options.blobBytesPerSecond
        const ahead = rate > 0 ? (size / rate) * 1000 - (performance.now() - started) : 0
        if (ahead > 1 && !(await sleep(ahead, exchange.signal))) return
      }
      const actual = `sha256:${hash.digest('hex')}`
      if (actual !== params.digest) {
        throw new HttpError(
          400,
          `digest mismatch, expected ${JSON.stringify(params.digest)}, got ${JSON.stringify(actual)}`,
        )
      }
      ctx.blobs.set(key, size)
      sendEmpty(res, 201)
    },
  },
]
