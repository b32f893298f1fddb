import type { Dispatcher } from 'undici'
import { Errors } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Slot } from './inference-queue.ts'

/** How often a request may go back to the queue because a backend refused it before answering. */
const maxRequeues = 3

/**
 * Connection failures that happen before a byte of the request left: the backend cannot have seen the
 * prompt, so sending it elsewhere runs it once. Anything later (a reset, a headers timeout) may have
 * reached the backend, which may still be working on it: that request is not sent a second time.
 */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
])

export interface UpstreamRequest {
  method: Dispatcher.HttpMethod
  /** Path and query, without the backend's own path prefix. */
  path: string
  headers: Record<string, string | string[]>
  body: Buffer | undefined
}

export type Dispatched =
  | { ok: true; slot: Slot; backend: Backend; response: Dispatcher.ResponseData }
  | {
      ok: false
      slot: Slot
      backend: Backend | undefined
      /** For the usage record: 499 (the client left), 502 or 504. */
      status: number
      reason: string
      /** What the client is answered (when it is still there). */
      error: Error
    }

/** One attempt: an answer, a final failure, or a refusal that sends the request back to the queue. */
type Attempt = Dispatched | { requeue: string }

/**
 * Sends a queued request to the backend its slot is on. A refused connection marks the backend down
 * and a 503 (Ollama's own queue is full) counts as a refusal: either way the request goes back to its
 * place in the queue for another slot, rather than failing, a few times at most. A request the backend
 * may have received (no headers in time, a connection lost after sending) fails with 504 or 502
 * instead: it is never sent twice. `onRequeued` is told of every new slot.
 */
export async function dispatchUpstream(
  slot: Slot,
  registry: BackendRegistry,
  request: UpstreamRequest,
  signal: AbortSignal,
  onRequeued: (slot: Slot) => void,
): Promise<Dispatched> {
  for (let attempt = 0; ; attempt++) {
    const backend = registry.get(slot.lease.backendId)
    const retryable = attempt < maxRequeues
    const result: Attempt = backend
      ? await sendOnce(slot, backend, registry, request, signal, retryable)
      : { requeue: 'the backend was removed' }
    if (!('requeue' in result)) return result
    if (!retryable) {
      const reason = `No Ollama backend could take the request (${result.requeue})`
      return failed(slot, backend, 502, reason, new Errors.upstreamUnavailable(reason))
    }
    slot = await slot.requeue()
    onRequeued(slot)
  }
}

async function sendOnce(
  slot: Slot,
  backend: Backend,
  registry: BackendRegistry,
  request: UpstreamRequest,
  signal: AbortSignal,
  retryable: boolean,
): Promise<Attempt> {
  let response: Dispatcher.ResponseData
  try {
    response = await backend.pool.request({ ...request, path: backend.pathPrefix + request.path, signal })
  } catch (error) {
    // Nobody reads this error (the client is gone); it only ends the handler.
    if (signal.aborted)
      return failed(
        slot,
        backend,
        499,
        'client closed the connection',
        new Errors.badRequest('The client went away'),
      )
    const { code, message } = error as Error & { code?: string }
    if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      const reason = `The Ollama backend ${backend.row.name} did not answer within CORRAL_UPSTREAM_HEADERS_TIMEOUT`
      return failed(slot, backend, 504, reason, new Errors.upstreamTimeout(reason))
    }
    registry.markFailed(backend, message)
    if (notSentCodes.has(code ?? '')) return { requeue: message }
    const reason = `The Ollama backend ${backend.row.name} failed before answering (${message})`
    return failed(slot, backend, 502, reason, new Errors.upstreamUnavailable(reason))
  }
  if (response.statusCode !== 503 || !retryable) return { ok: true, slot, backend, response }
  await response.body.dump()
  return { requeue: 'the backend was busy' }
}

function failed(
  slot: Slot,
  backend: Backend | undefined,
  status: number,
  reason: string,
  error: Error,
): Dispatched {
  return { ok: false, slot, backend, status, reason, error }
}
