import type { Backend, BackendPool } from './backend-pool.ts'
import type { ScheduledRequest } from './scheduled-request.ts'
import type { WaitingQueue } from './waiting-queue.ts'

/** Base priority plus one step per aging interval waited, so nothing starves (docs/scheduling.md). */
export function effectivePriority(request: ScheduledRequest, now: number, agingIntervalMs: number): number {
  if (!(agingIntervalMs > 0)) return request.priority
  return request.priority + Math.floor(Math.max(0, now - request.arrivalMs) / agingIntervalMs)
}

/** Dispatch order: higher effective priority, then lower virtual counter, then earlier arrival. */
export function ranksBefore(
  a: ScheduledRequest,
  aPriority: number,
  b: ScheduledRequest,
  bPriority: number,
): boolean {
  if (aPriority !== bPriority) return aPriority > bPriority
  if (a.account.counter !== b.account.counter) return a.account.counter < b.account.counter
  return a.seq < b.seq
}

export interface Dispatch {
  request: ScheduledRequest
  backend: Backend
}

/**
 * The best waiting request some backend can take now, and the backend to take it. Whether a request can
 * run depends only on its model, so each model is checked once against the backends (O(models ×
 * backends)) and only the FIFO heads of models that can run are compared: O(heads), never O(waiting).
 */
export function pickNext(
  queue: WaitingQueue,
  backends: BackendPool,
  now: number,
  agingIntervalMs: number,
  tally: { headScans: number },
): Dispatch | undefined {
  if (!backends.hasFreeSlot()) return undefined
  let bestRequest: ScheduledRequest | undefined
  let bestBackend: Backend | undefined
  let bestPriority = 0
  for (const { model, fifos } of queue.models()) {
    const backend = backends.choose(model)
    if (!backend) continue
    tally.headScans += fifos.size
    for (const fifo of fifos.values()) {
      const head = fifo.head!
      const priority = effectivePriority(head, now, agingIntervalMs)
      if (!bestRequest || ranksBefore(head, priority, bestRequest, bestPriority)) {
        bestRequest = head
        bestBackend = backend
        bestPriority = priority
      }
    }
  }
  return bestRequest && { request: bestRequest, backend: bestBackend! }
}
