import type { WaitingReason } from '@corral/contracts'
import { Errors } from '@corral/core'
import type { RequestEvents } from '../events/request-events.ts'
import type { Lease, Scheduler, Ticket } from '../scheduler/index.ts'
import type { BackendOutages } from './backend-outages.ts'
import type { QueueJob, Slot } from './inference-queue.ts'

const positionIntervalMs = 1000

/**
 * Turns the scheduler's callbacks for one request into promises: one per dispatch, since a requeued
 * request is dispatched again through the same callbacks. While the request waits (and only then) a
 * client that leaves takes it out of the queue, and the outage watch may refuse it; once dispatched,
 * a client that leaves is the relay's business (it aborts the upstream request).
 */
export class DispatchWaiter {
  private settle: { resolve(slot: Slot): void; reject(error: Error): void } | undefined
  private outcome: { slot?: Slot; error?: Error } | undefined
  private timer: NodeJS.Timeout | undefined
  private ticket: Ticket | undefined
  private released = false
  /** Dispatch can happen inside `enqueue` or inside a requeue, before the waiting starts. */
  private dispatchedNow = false
  private waiting = false
  private unwatch: (() => void) | undefined
  /** A dispatch that happened inside `enqueue`, before the request was reported queued. */
  private started: Lease | undefined

  constructor(
    private readonly job: QueueJob,
    private readonly scheduler: Scheduler,
    private readonly outages: BackendOutages,
    private readonly events: RequestEvents,
    private readonly releaseAdmission: (tokens: number) => void,
    /** Why the request waits, from a recent snapshot (not computed per request). */
    private readonly reasonOf: (requestId: string) => WaitingReason | undefined,
  ) {}

  /** The scheduler took the request: it waits unless it was dispatched at once. */
  enqueued(ticket: Ticket): void {
    this.ticket = ticket
    this.events.queued(this.job)
    // Dispatched inside `enqueue`: its start is reported after its queueing, in the order they happened.
    if (this.started) this.events.started(this.job, this.started.backendId, this.started.queueWaitMs)
    this.started = undefined
    if (!this.dispatchedNow) this.startWaiting()
  }

  next(): Promise<Slot> {
    if (this.outcome) {
      const { slot, error } = this.outcome
      this.outcome = undefined
      return error ? Promise.reject(error) : Promise.resolve(slot!)
    }
    this.startReporting()
    return new Promise((resolve, reject) => (this.settle = { resolve, reject }))
  }

  dispatched(lease: Lease): void {
    if (this.ticket) this.events.started(this.job, lease.backendId, lease.queueWaitMs)
    else this.started = lease
    this.dispatchedNow = true
    this.stopReporting()
    this.stopWaiting()
    this.deliver({
      slot: {
        lease,
        finish: (tokens) => this.finish(tokens),
        requeue: () => {
          this.dispatchedNow = false
          lease.requeue()
          if (!this.dispatchedNow) this.startWaiting()
          return this.next()
        },
      },
    })
  }

  failed(error: Error): void {
    this.stopReporting()
    this.stopWaiting()
    this.finish(0)
    this.deliver({ error })
  }

  private startWaiting(): void {
    this.waiting = true
    if (this.job.signal.aborted) return this.abort()
    this.job.signal.addEventListener('abort', this.abort, { once: true })
    this.unwatch = this.outages.watch(this.job.model, (error) => {
      this.events.refused(this.job, 'no-backend', 503)
      this.leave(error)
    })
  }

  private stopWaiting(): void {
    if (!this.waiting) return
    this.waiting = false
    this.job.signal.removeEventListener('abort', this.abort)
    this.unwatch?.()
    this.unwatch = undefined
  }

  private readonly abort = (): void => {
    this.events.cancelled(this.job, 'client', false)
    this.leave(new Errors.badRequest('The client went away while waiting'))
  }

  /** Out of the queue before a dispatch: the client left, or no backend came back in time. */
  private leave(error: Error): void {
    this.ticket?.cancel()
    this.failed(error)
  }

  private finish(tokens: number): void {
    if (this.released) return
    this.released = true
    this.releaseAdmission(tokens)
  }

  /** Dispatch may happen synchronously inside enqueue, before anyone awaits: keep it until asked. */
  private deliver(outcome: { slot?: Slot; error?: Error }): void {
    const settle = this.settle
    this.settle = undefined
    if (!settle) {
      this.outcome = outcome
      return
    }
    if (outcome.error) settle.reject(outcome.error)
    else settle.resolve(outcome.slot!)
  }

  private startReporting(): void {
    const onWaiting = this.job.onWaiting
    if (!onWaiting) return
    const report = () => {
      const { requestId } = this.job
      const position = this.scheduler.position(requestId)
      if (position === undefined) return
      onWaiting(position, this.scheduler.estimatedWaitMs(requestId) ?? 0, this.reasonOf(requestId))
    }
    report()
    this.timer = setInterval(report, positionIntervalMs)
  }

  private stopReporting(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
