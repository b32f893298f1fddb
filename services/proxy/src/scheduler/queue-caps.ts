import { estimateWaitMs } from './service-time-estimator.ts'
import type { QueueRejection, QueueRejectionReason } from './types.ts'

export interface QueueLoad {
  /** Requests waiting now, in all and for the arriving request's user. */
  waiting: number
  userWaiting: number
  /** Users with at least one request waiting. */
  waitingUsers: number
  /** Slots taking new requests, and how long a request holds one on average. */
  slots: number
  meanServiceMs: number
}

/**
 * Whether one more waiting request breaks a cap, and if so when to come back: the time for enough
 * dispatches that the queue (or the user's part of it) drops below its cap. Never below one second.
 */
export function capRejection(
  load: QueueLoad,
  caps: { maxQueueLength: number; maxQueuePerUser: number },
): QueueRejection | undefined {
  if (load.waiting >= caps.maxQueueLength) {
    return rejection('queue-full', load.waiting - caps.maxQueueLength + 1, load)
  }
  if (load.userWaiting < caps.maxQueuePerUser) return undefined
  // The user's own requests leave at about their fair share: one dispatch in every waiting user's.
  const ownExcess = load.userWaiting - caps.maxQueuePerUser + 1
  return rejection(
    'user-queue-full',
    Math.min(load.waiting, ownExcess * Math.max(1, load.waitingUsers)),
    load,
  )
}

function rejection(reason: QueueRejectionReason, dispatches: number, load: QueueLoad): QueueRejection {
  const waitMs = estimateWaitMs(dispatches, load.slots, load.meanServiceMs)
  return { ok: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
}
