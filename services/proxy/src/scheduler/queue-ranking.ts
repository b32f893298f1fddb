import { effectivePriority, ranksBefore } from './dispatch-order.ts'
import type { ScheduledRequest } from './scheduled-request.ts'
import type { WaitingQueue } from './waiting-queue.ts'

export interface RankedRequest {
  request: ScheduledRequest
  effectivePriority: number
}

/**
 * Every waiting request in expected dispatch order (as if any backend could take any of them): O(n log n),
 * meant for snapshots.
 */
export function rankAll(queue: WaitingQueue, now: number, agingIntervalMs: number): RankedRequest[] {
  const ranked: RankedRequest[] = []
  for (const fifo of queue.fifos()) {
    for (const request of fifo) {
      ranked.push({ request, effectivePriority: effectivePriority(request, now, agingIntervalMs) })
    }
  }
  return ranked.sort((a, b) =>
    ranksBefore(a.request, a.effectivePriority, b.request, b.effectivePriority) ? -1 : 1,
  )
}

/**
 * The 1-based rank `rankAll` would give one request, in O(FIFOs + requests ahead of it): along a FIFO the
 * rank only worsens (same user, model and base priority; later arrival), so the requests of a FIFO that
 * rank ahead form a prefix, and each walk stops at the first that does not.
 */
export function rankOf(
  target: ScheduledRequest,
  queue: WaitingQueue,
  now: number,
  agingIntervalMs: number,
): number {
  const targetPriority = effectivePriority(target, now, agingIntervalMs)
  let ahead = 0
  for (const fifo of queue.fifos()) {
    for (let request = fifo.head; request && request !== target; request = request.next) {
      if (!ranksBefore(request, effectivePriority(request, now, agingIntervalMs), target, targetPriority))
        break
      ahead++
    }
  }
  return ahead + 1
}
