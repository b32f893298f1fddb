import type { FifoLink } from './linked-fifo.ts'
import type { EnqueueRequest, TicketCallbacks } from './types.ts'
import type { UserAccount } from './virtual-token-counters.ts'
import type { RequestFifo } from './waiting-queue.ts'

export type RequestPhase = 'waiting' | 'running' | 'done'

/**
 * One request from enqueue to release. While waiting it is itself the node of its FIFO (no wrapper), so a
 * waiting request costs this object, its timer and one map entry.
 */
export interface ScheduledRequest extends FifoLink<ScheduledRequest> {
  readonly id: string
  readonly userId: string
  readonly keyId: string | null
  readonly model: string
  /** Base priority; an operator may change it while the request waits (`Scheduler.promote`). */
  priority: number
  /** The base priority it arrived with, to show that it was promoted. */
  readonly requestedPriority: number
  readonly weight: number
  readonly estimatedPromptTokens: number
  /** Arrival order; breaks every tie, and survives a requeue so the request keeps its place. */
  readonly seq: number
  readonly arrivalMs: number
  /** `Infinity` when the request may wait forever. */
  readonly deadlineMs: number
  readonly callbacks: TicketCallbacks
  readonly account: UserAccount
  phase: RequestPhase
  fifo: RequestFifo | null
  timer: unknown
}

export function createScheduledRequest(
  input: EnqueueRequest,
  callbacks: TicketCallbacks,
  account: UserAccount,
  arrival: { seq: number; now: number; maxWaitMs: number },
): ScheduledRequest {
  return {
    id: input.id,
    userId: input.userId,
    keyId: input.keyId,
    model: input.model,
    priority: input.priority,
    requestedPriority: input.priority,
    weight: input.weight,
    estimatedPromptTokens: input.estimatedPromptTokens,
    callbacks,
    account,
    seq: arrival.seq,
    arrivalMs: arrival.now,
    deadlineMs: arrival.now + (input.maxWaitMs ?? arrival.maxWaitMs),
    phase: 'waiting',
    fifo: null,
    timer: undefined,
    prev: null,
    next: null,
  }
}
