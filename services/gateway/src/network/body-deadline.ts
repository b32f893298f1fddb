import { PassThrough, type Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { Errors } from '@corral/core'

/** Corral's own request bodies are small (sign-in, settings, a conversation): ten seconds is ample. */
export const ownBodyDeadlineMs = 10_000

/**
 * The proxied APIs are exempt: blob uploads take minutes on purpose, and the proxy reads inference
 * bodies itself (after authentication).
 */
const isProxied = (url: string) => url.startsWith('/api/') || url.startsWith('/v1/')

/**
 * A deadline for receiving the body of a request to Corral's own routes: a client trickling a
 * sign-in body a byte at a time held its connection forever (17,750 of them reached the fd limit).
 * Node's `requestTimeout` would do it for every route, blob uploads included, so the body is given
 * to Fastify through a stream that fails with 408 when the deadline passes; the error handler then
 * closes the connection.
 */
export function registerBodyDeadline(app: FastifyInstance, deadlineMs = ownBodyDeadlineMs): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (isProxied(request.url) || request.raw.complete) return payload
    return withDeadline(payload, deadlineMs)
  })
}

function withDeadline(payload: Readable, deadlineMs: number): Readable {
  const bounded = new PassThrough() as PassThrough & { receivedEncodedLength: number }
  bounded.receivedEncodedLength = 0
  const timer = setTimeout(() => {
    payload.unpipe(bounded)
    payload.pause()
    bounded.destroy(
      Object.assign(
        new Errors.requestTimeout(`The request body did not arrive within ${deadlineMs / 1000} seconds`),
        { statusCode: 408 },
      ),
    )
  }, deadlineMs)
  timer.unref()
  payload.on('data', (chunk: Buffer) => (bounded.receivedEncodedLength += chunk.length))
  payload.once('end', () => clearTimeout(timer))
  payload.once('close', () => clearTimeout(timer))
  payload.once('error', (error) => {
    clearTimeout(timer)
    bounded.destroy(error)
  })
  payload.pipe(bounded)
  return bounded
}
