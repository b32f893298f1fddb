import { BackendPool, type Backend } from './backend-pool.ts'
import { changeBusy } from './busy-time.ts'
import type { Clock } from './clock.ts'
import { pickNext } from './dispatch-order.ts'
import { capRejection } from './queue-caps.ts'
import { rankOf } from './queue-ranking.ts'
import { buildSnapshot } from './queue-snapshot.ts'
import { RunningLease, type LeaseHost, type LeaseOutcome } from './running-lease.ts'
import { createScheduledRequest, type ScheduledRequest } from './scheduled-request.ts'
import { readGauges, type SchedulerGauges } from './scheduler-gauges.ts'
import {
  resolveSettings,
  validatePriority,
  validateRequest,
  type ResolvedSettings,
} from './scheduler-settings.ts'
import { estimateWaitMs, ServiceTimeEstimator } from './service-time-estimator.ts'
import type { QueueSnapshot, SchedulerStats } from './snapshot-types.ts'
import type {
  BackendState,
  EnqueueRequest,
  EnqueueResult,
  OperatorOutcome,
  QueueRejection,
  SchedulerOptions,
  SchedulerSettings,
  TicketCallbacks,
} from './types.ts'
import { VirtualTokenCounters } from './virtual-token-counters.ts'
import { WaitingQueue } from './waiting-queue.ts'

/**
 * Corral's one priority queue with fair sharing in front of every backend (docs/scheduling.md; README.md here).
 *
 * Work-conserving: every event that can free capacity (a release, a requeue, a backend change, an
 * arrival) dispatches until no waiting request can run. Callbacks run synchronously from inside those
 * calls; a callback may call back into the scheduler (complete a lease inside `onDispatch`, enqueue,
 * cancel): the dispatch loop already running further up the stack picks up whatever changed.
 */
export class Scheduler {
  private readonly clock: Clock
  private readonly mayDispatch: () => boolean
  private settings: ResolvedSettings
  private readonly queue = new WaitingQueue()
  private readonly counters = new VirtualTokenCounters()
  private readonly backends = new BackendPool()
  private readonly serviceTimes = new ServiceTimeEstimator()
  private readonly waiting = new Map<string, ScheduledRequest>()
  private readonly running = new Map<string, RunningLease>()
  private readonly counts = {
    dispatched: 0,
    completed: 0,
    failed: 0,
    requeued: 0,
    cancelled: 0,
    timeouts: 0,
    slotViolations: 0,
    headScans: 0,
    rejected: { 'queue-full': 0, 'user-queue-full': 0 },
  }
  private readonly leaseHost: LeaseHost = {
    tokenCost: (prompt, output, weight) =>
      (this.settings.inputTokenWeight * prompt + this.settings.outputTokenWeight * output) / weight,
    charge: (request, amount) => this.counters.charge(request.account, amount),
    release: (lease, outcome) => this.release(lease, outcome),
  }
  private arrivals = 0
  private dispatching = false
  private lastPruneMs: number

  constructor(options: SchedulerOptions) {
    const { clock, mayDispatch, ...settings } = options
    this.clock = clock
    this.mayDispatch = mayDispatch ?? (() => true)
    this.settings = resolveSettings(settings)
    this.lastPruneMs = clock.now()
  }

  /**
   * Queues a request, or refuses it at once when a cap is reached. Caps count waiting requests, so a
   * request that can start at once is always admitted. `onDispatch` may run before this returns.
   */
  enqueue(input: EnqueueRequest, callbacks: TicketCallbacks): EnqueueResult {
    validateRequest(input)
    if (this.waiting.has(input.id) || this.running.has(input.id)) {
      throw new Error(`request ${input.id} is already waiting or running`)
    }
    // Between events no waiting request can run, so a request that would head its FIFO and finds a free
    // backend for its model is the only one that can: it starts now (unless a dispatch is under way).
    const startsNow =
      !this.dispatching &&
      this.queue.wouldLead(input) &&
      this.backends.choose(input.model) !== undefined &&
      this.mayDispatch()
    const rejection = startsNow ? undefined : this.capReached(input.userId)
    if (rejection) {
      this.counts.rejected[rejection.reason]++
      return rejection
    }
    const request = this.admit(input, callbacks)
    const ticket = { id: request.id, cancel: () => this.cancel(request) }
    this.dispatchAll()
    return { ok: true, ticket }
  }

  /** The dispatch gate (`mayDispatch`) may have opened: start whatever can run. */
  resume(): void {
    this.dispatchAll()
  }

  setBackend(state: BackendState): void {
    this.backends.set(state)
    this.dispatchAll()
  }

  /** Leases running on the backend stay valid until released; they just stop counting anywhere. */
  removeBackend(id: string): void {
    this.backends.remove(id)
    // A model only the removed backend listed becomes unknown, hence eligible everywhere.
    this.dispatchAll()
  }

  /** Changes settings without a restart; `maxWaitMs` applies to requests enqueued afterwards. */
  updateOptions(patch: SchedulerSettings): void {
    this.settings = resolveSettings(patch, this.settings)
  }

  snapshot(): QueueSnapshot {
    const { queue, backends, counters } = this
    const { agingIntervalMs } = this.settings
    return buildSnapshot({
      queue,
      backends,
      counters,
      running: this.running.values(),
      now: this.clock.now(),
      agingIntervalMs,
      meanServiceMs: (model) => this.meanServiceMs(model),
    })
  }

  /** An operator's cancel: `running` means a lease is out, which the proxy aborts (it ends as usual). */
  cancelWaiting(id: string): OperatorOutcome {
    const request = this.waiting.get(id)
    if (!request) return this.running.has(id) ? 'running' : 'unknown'
    this.cancel(request)
    request.callbacks.onCancelled?.()
    return 'done'
  }

  /** A waiting request's new base priority, for it only: arrival (so aging), deadline and counter stay. */
  promote(id: string, priority: number): OperatorOutcome {
    validatePriority(id, priority)
    const request = this.waiting.get(id)
    if (!request) return this.running.has(id) ? 'running' : 'unknown'
    if (request.priority !== priority) {
      this.queue.remove(request)
      request.priority = priority
      this.queue.restore(request)
    }
    this.dispatchAll() // a new rank frees no slot, but this keeps "nothing runnable waits" obviously true
    return 'done'
  }

  /** 1-based rank of a waiting request, as in `snapshot()`; O(FIFOs + requests ahead of it). */
  position(id: string): number | undefined {
    const request = this.waiting.get(id)
    return request && rankOf(request, this.queue, this.clock.now(), this.settings.agingIntervalMs)
  }

  /**
   * Whether some healthy, non-draining backend with slots serves `model` now, busy or not: when none
   * does, a request for it can only wait for a backend to come back.
   */
  canServe(model: string): boolean {
    return this.backends.slotsFor(model) > 0
  }

  /** Position ÷ slots able to serve the model × mean service time (of the model, else overall). */
  estimatedWaitMs(id: string): number | undefined {
    const request = this.waiting.get(id)
    const position = this.position(id)
    if (!request || position === undefined) return undefined
    return estimateWaitMs(position, this.backends.slotsFor(request.model), this.meanServiceMs(request.model))
  }

  /** What `/metrics` reads at each scrape: O(FIFOs + backends), not the sorted snapshot. */
  gauges(): SchedulerGauges {
    return readGauges(this.queue, this.backends, this.clock.now())
  }

  stats(): SchedulerStats {
    return {
      waiting: this.queue.size,
      running: this.running.size,
      ...this.counts,
      rejected: { ...this.counts.rejected },
    }
  }

  private capReached(userId: string): QueueRejection | undefined {
    const load = {
      waiting: this.queue.size,
      userWaiting: this.counters.find(userId)?.waiting ?? 0,
      waitingUsers: this.counters.waitingUserCount,
      slots: this.backends.slotsFor(),
      meanServiceMs: this.meanServiceMs(),
    }
    return capRejection(load, this.settings)
  }

  private meanServiceMs(model?: string): number {
    return this.serviceTimes.mean(model) ?? this.settings.initialServiceTimeMs
  }

  private admit(input: EnqueueRequest, callbacks: TicketCallbacks): ScheduledRequest {
    const now = this.clock.now()
    this.pruneIdleUsers(now)
    const account = this.counters.account(input.userId, now)
    const arrival = { seq: this.arrivals++, now, maxWaitMs: this.settings.maxWaitMs }
    const request = createScheduledRequest(input, callbacks, account, arrival)
    this.counters.arrive(account, now)
    this.queue.add(request)
    this.enter(request, now)
    return request
  }

  /** Bookkeeping shared by arrival and requeue: findable by id, and a timer for the remaining wait. */
  private enter(request: ScheduledRequest, now: number): void {
    this.waiting.set(request.id, request)
    // One timer per request: Node keeps timers of equal duration in one list, so with the usual single
    // `maxWaitMs` arming and clearing are O(1) and a timer wheel would buy nothing.
    if (request.deadlineMs !== Infinity) {
      request.timer = this.clock.setTimeout(() => this.expire(request), Math.max(0, request.deadlineMs - now))
    }
  }

  private leave(request: ScheduledRequest, now: number, served: boolean): void {
    this.queue.remove(request)
    this.waiting.delete(request.id)
    if (request.timer !== undefined) this.clock.clearTimeout(request.timer)
    request.timer = undefined
    this.counters.leave(request.account, now, served)
  }

  private cancel(request: ScheduledRequest): void {
    if (request.phase !== 'waiting') return
    this.leave(request, this.clock.now(), false)
    request.phase = 'done'
    this.counts.cancelled++
  }

  private expire(request: ScheduledRequest): void {
    if (request.phase !== 'waiting') return
    this.leave(request, this.clock.now(), false)
    request.phase = 'done'
    this.counts.timeouts++
    request.callbacks.onTimeout()
  }

  private dispatchAll(): void {
    // Re-entered from a callback: the loop below, further up the stack, will see the change.
    if (this.dispatching) return
    this.dispatching = true
    try {
      const { queue, backends, counts } = this
      // The gate is asked before each dispatch: a lease can lapse while this loop runs callbacks.
      while (this.mayDispatch()) {
        const next = pickNext(queue, backends, this.clock.now(), this.settings.agingIntervalMs, counts)
        if (!next) break
        this.dispatch(next.request, next.backend)
      }
    } finally {
      this.dispatching = false
    }
  }

  private dispatch(request: ScheduledRequest, backend: Backend): void {
    const now = this.clock.now()
    this.leave(request, now, true)
    const overbooked = backend.busy >= backend.slots || !this.backends.serves(backend, request.model)
    if (overbooked) this.counts.slotViolations++
    changeBusy(backend, now, 1)
    // Optimistic: the model is loading there now; the proxy corrects this from /api/ps.
    backend.loadedModels.add(request.model)
    request.phase = 'running'
    this.counters.started(request.account)
    const lease = new RunningLease(this.leaseHost, request, backend, now)
    this.running.set(request.id, lease)
    this.counts.dispatched++
    request.callbacks.onDispatch(lease)
  }

  private release(lease: RunningLease, outcome: LeaseOutcome): void {
    const { request, backend } = lease
    const now = this.clock.now()
    changeBusy(backend, now, -1)
    this.running.delete(request.id)
    this.counters.finished(request.account, now)
    if (outcome === 'requeue') {
      // Back in its place: same FIFO, original arrival and deadline, no lift (the charge was refunded).
      request.phase = 'waiting'
      this.counters.rejoin(request.account, now)
      this.queue.restore(request)
      this.enter(request, now)
      this.counts.requeued++
    } else {
      request.phase = 'done'
      this.serviceTimes.record(request.model, now - lease.startedMs)
      this.counts[outcome === 'complete' ? 'completed' : 'failed']++
    }
    this.dispatchAll()
  }

  private pruneIdleUsers(now: number): void {
    if (now - this.lastPruneMs < this.settings.userIdleMs) return
    this.lastPruneMs = now
    this.counters.prune(now, this.settings.userIdleMs)
  }
}
