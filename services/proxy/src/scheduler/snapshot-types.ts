import type { QueueRejectionReason } from './types.ts'
import type { WaitingReason } from './waiting-reasons.ts'

export type { WaitingReason } from './waiting-reasons.ts'

export interface WaitingEntry {
  id: string
  userId: string
  keyId: string | null
  model: string
  priority: number
  effectivePriority: number
  waitedMs: number
  /** 1-based rank in expected dispatch order. */
  position: number
  /** 1-based rank among the waiting requests for the same model. */
  modelPosition: number
  /** The base priority it arrived with, when an operator changed it; otherwise null. */
  promotedFrom: number | null
  /** Until its effective priority rises by one; null with aging off. */
  nextAgingMs: number | null
  /** Position ÷ slots able to serve the model × mean service time, as `estimatedWaitMs(id)`. */
  estimatedWaitMs: number
  reason: WaitingReason
}

export interface RunningEntry {
  id: string
  userId: string
  keyId: string | null
  model: string
  priority: number
  backendId: string
  /** On the scheduler clock's scale. */
  startedMs: number
  runningMs: number
}

export interface BackendEntry {
  id: string
  slots: number
  busy: number
  healthy: boolean
  draining: boolean
  loadedModels: string[]
}

export interface UserEntry {
  userId: string
  /** Virtual token counter: weighted tokens served; the lowest goes first within a priority. */
  counter: number
  waiting: number
  running: number
}

export interface QueueSnapshot {
  waiting: WaitingEntry[]
  running: RunningEntry[]
  backends: BackendEntry[]
  users: UserEntry[]
  totals: { waiting: number; running: number; slots: number; busy: number }
}

export interface SchedulerStats {
  waiting: number
  running: number
  dispatched: number
  completed: number
  failed: number
  requeued: number
  cancelled: number
  timeouts: number
  rejected: Record<QueueRejectionReason, number>
  /** Dispatches onto a full or ineligible backend: a self-check that must stay 0. */
  slotViolations: number
  /** FIFO heads examined while choosing what to dispatch: the dispatch cost, for benchmarks. */
  headScans: number
}
