import type { Clock } from './clock.ts'

export interface SchedulerOptions {
  clock: Clock
  /** One priority step per interval waited; 0 or undefined turns aging off. */
  agingIntervalMs?: number
  /** Waiting requests in all; 0 admits only requests that can start at once. */
  maxQueueLength: number
  maxQueuePerUser: number
  /** Default longest wait per request; `Infinity` waits forever. */
  maxWaitMs: number
  /** Virtual-counter cost of a prompt token (default 1). */
  inputTokenWeight?: number
  /** Virtual-counter cost of an output token (default 2: generating costs more than reading). */
  outputTokenWeight?: number
  /** Service time assumed until one has been measured, for Retry-After and wait estimates (default 10 s). */
  initialServiceTimeMs?: number
  /** A user's fair-share counter is forgotten after this long with nothing waiting or running (default 1 h). */
  userIdleMs?: number
  /**
   * Asked before every dispatch; while it answers false nothing starts, and `resume()` is called once it
   * may answer true again. Among replicas this is the scheduler lease's `mayDispatch` (a clock
   * comparison); in one process it is absent and costs nothing.
   */
  mayDispatch?: () => boolean
}

export type SchedulerSettings = Partial<Omit<SchedulerOptions, 'clock' | 'mayDispatch'>>

export interface BackendState {
  id: string
  /** Concurrent requests the backend is given (Ollama's OLLAMA_NUM_PARALLEL). */
  slots: number
  healthy: boolean
  draining: boolean
  /** Models it can serve; null when unknown, and then it may serve anything. */
  models: ReadonlySet<string> | null
  /** Models in memory now (`/api/ps`), preferred so requests do not force model swaps. */
  loadedModels: ReadonlySet<string>
}

export interface EnqueueRequest {
  id: string
  userId: string
  keyId: string | null
  model: string
  /** Base priority, an integer from 1 (lowest) to 10. */
  priority: number
  /** The user's fair-share weight (> 0): twice the weight, twice the share when both users are busy. */
  weight: number
  estimatedPromptTokens: number
  /** Overrides the scheduler's `maxWaitMs` for this request. */
  maxWaitMs?: number
}

export interface TokenUsage {
  promptTokens: number
  outputTokens: number
}

/** The right to run one request on one backend slot, until exactly one of complete, fail or requeue. */
export interface Lease {
  readonly requestId: string
  readonly backendId: string
  /** From the request's (original) arrival to this dispatch. */
  readonly queueWaitMs: number
  /** Charges streamed output to the user's fair-share counter as it flows. */
  chargeOutput(tokens: number): void
  /** Frees the slot and reconciles the charges with the real counts. */
  complete(usage: TokenUsage): void
  /** Frees the slot after an error once the request had started; reconciles with `usage` when known. */
  fail(usage?: TokenUsage): void
  /** The backend refused before streaming: free the slot, refund, and put the request back in its place. */
  requeue(): void
}

export interface TicketCallbacks {
  /** May run synchronously inside `enqueue` (or inside another lease's release) when a slot is free. */
  onDispatch(lease: Lease): void
  onTimeout(): void
  /** An operator took the request out of the queue (`Scheduler.cancelWaiting`); not called for `Ticket.cancel`. */
  onCancelled?(): void
}

export interface Ticket {
  readonly id: string
  /** Leaves the queue if still waiting; otherwise does nothing (a dispatched request ends through its lease). */
  cancel(): void
}

export type QueueRejectionReason = 'queue-full' | 'user-queue-full'

export interface QueueRejection {
  ok: false
  reason: QueueRejectionReason
  retryAfterSeconds: number
}

/** What an operator's change to one request found: done, already on a backend, or not in the scheduler. */
export type OperatorOutcome = 'done' | 'running' | 'unknown'

export type EnqueueResult = { ok: true; ticket: Ticket } | QueueRejection
