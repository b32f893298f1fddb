import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { Errors } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import { NdjsonRelay } from '../streams/ndjson-relay.ts'
import type { StreamRelay } from '../streams/stream-relay.ts'
import type { StreamObserver } from '../streams/token-usage.ts'
import type { ProxyCall, ProxyResult } from './proxy-call.ts'
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy-headers.ts'
import { relayBody } from './relay-body.ts'
import { upstreamPath } from './request-path.ts'
import { screenServerError } from './upstream-errors.ts'

const ignore: StreamObserver = {
  onOutput: () => undefined,
  onFirstToken: () => undefined,
  onUsage: () => undefined,
  onStreamError: () => undefined,
}

/** Bytes pass as they come; used where nothing needs counting and no frame can be appended. */
const passRelay = (): StreamRelay => ({ push: (chunk) => chunk, end: () => undefined, errorFrame: () => '' })

/** Sends a request to one backend without queueing (metadata, model management, unknown routes). */
export async function sendToBackend(
  backend: Backend,
  call: ProxyCall,
  body: Buffer | Readable | undefined,
  path = upstreamPath(call.path) + call.search,
): Promise<Dispatcher.ResponseData> {
  try {
    return await backend.pool.request({
      method: call.method,
      path: backend.pathPrefix + path,
      headers: upstreamRequestHeaders(call.headers),
      body,
      signal: call.signal,
    })
  } catch (error) {
    if (call.signal.aborted) throw new Errors.badRequest('The client went away')
    throw new Errors.upstreamUnavailable(
      `The Ollama backend ${backend.row.name} did not answer: ${(error as Error).message}`,
    )
  }
}

/** An upstream response as a proxy result: statuses, headers and bodies pass through unchanged. */
function streamResult(call: ProxyCall, response: Dispatcher.ResponseData, onDone?: () => void): ProxyResult {
  const ndjson = String(response.headers['content-type'] ?? '').startsWith('application/x-ndjson')
  const headers = clientResponseHeaders(response.headers, false)
  headers['x-corral-request-id'] = call.requestId
  if (ndjson) headers['x-accel-buffering'] = 'no'
  return {
    kind: 'stream',
    status: response.statusCode,
    headers,
    pipeTo: async (target) => {
      await relayBody(response.body, target, ndjson ? new NdjsonRelay(ignore) : passRelay())
      onDone?.()
    },
  }
}

/** Sends the call to one backend and answers with its response (a 5xx screened, see upstream-errors.ts). */
export async function forward(
  backend: Backend,
  call: ProxyCall,
  body: Buffer | Readable | undefined,
  onDone?: () => void,
): Promise<ProxyResult> {
  const response = await sendToBackend(backend, call, body)
  if (response.statusCode < 500) return streamResult(call, response, onDone)
  const screened = await screenServerError(response, call.path)
  onDone?.()
  return {
    kind: 'json',
    status: screened.status,
    body: screened.body,
    headers: { ...screened.headers, 'x-corral-request-id': call.requestId },
  }
}
