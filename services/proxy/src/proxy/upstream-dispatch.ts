import type { Dispatcher } from 'undici'
import { Errors } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Slot } from './inference-queue.ts'

/** How often a request may go back to the queue because a backend refused it before answering. */
const maxRequeues = 3

export interface UpstreamRequest {
  method: Dispatcher.HttpMethod
  /** Path and query, without the backend's own path prefix. */
  path: string
  headers: Record<string, string | string[]>
  body: Buffer | undefined
}

export interface Dispatched {
  slot: Slot
  backend: Backend
  response: Dispatcher.ResponseData
}

/**
 * Sends a queued request to the backend its slot is on. A refused connection marks the backend down
 * and a 503 (Ollama's own queue is full) counts as a refusal: either way the request goes back to its
 * place in the queue for another slot, rather than failing, a few times at most.
 */
export async function dispatchUpstream(
  slot: Slot,
  registry: BackendRegistry,
  request: UpstreamRequest,
  signal: AbortSignal,
): Promise<Dispatched> {
  for (let attempt = 0; ; attempt++) {
    const backend = registry.get(slot.lease.backendId)
    const retryable = attempt < maxRequeues
    if (!backend) {
      slot = await requeueOrFail(slot, retryable, 'the backend was removed')
      continue
    }
    let response: Dispatcher.ResponseData
    try {
      response = await backend.pool.request({ ...request, path: backend.pathPrefix + request.path, signal })
    } catch (error) {
      if (signal.aborted) {
        slot.lease.fail()
        slot.finish(0)
        throw new Errors.badRequest('The client went away')
      }
      registry.markFailed(backend, (error as Error).message)
      slot = await requeueOrFail(slot, retryable, (error as Error).message)
      continue
    }
    if (response.statusCode === 503 && retryable) {
      await response.body.dump()
      slot = await slot.requeue()
      continue
    }
    return { slot, backend, response }
  }
}

async function requeueOrFail(slot: Slot, retryable: boolean, reason: string): Promise<Slot> {
  if (retryable) return slot.requeue()
  slot.lease.fail()
  slot.finish(0)
  throw new Errors.upstreamUnavailable(`No Ollama backend could take the request (${reason})`)
}
