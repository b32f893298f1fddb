import type { CorralMetrics, Identity } from '@corral/core'
import { Errors, withRetryAfter } from '@corral/core'
import type { QueueView } from './queue-view.ts'
import type {
  AdmissionLimits,
  Lease,
  LimitRejection,
  LimitSubject,
  Scheduler,
  SubjectLimits,
  Ticket,
} from '../scheduler/index.ts'

export interface QueueJob {
  requestId: string
  identity: Identity
  model: string
  estimatedPromptTokens: number
  /** Aborted when the client goes away: the request leaves the queue at once. */
  signal: AbortSignal
  /** Called about once a second while waiting, for clients that show their place in the queue. */
  onWaiting?: (position: number, estimatedWaitMs: number) => void
}

/** A backend slot and the admission it counts against; exactly one of `finish` or `requeue` ends it. */
export interface Slot {
  lease: Lease
  /** Releases the admission, counting the tokens used against the rate limits and quotas. */
  finish(tokens: number): void
  /**
   * The backend refused before streaming: the request goes back to its place in the queue and this
   * resolves with the next slot (or rejects like `acquire` when it times out or the client leaves).
   */
  requeue(): Promise<Slot>
}

const positionIntervalMs = 1000

/**
 * The proxy's door to the scheduler: admission limits first (429), then the queue (503 when full or
 * when the wait runs out), resolving when a backend slot is free. Cancellation and timeouts release
 * everything they took.
 */
export class InferenceQueue {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly limits: AdmissionLimits,
    private readonly metrics: CorralMetrics,
    private readonly queueView: QueueView,
  ) {}

  acquire(job: QueueJob): Promise<Slot> {
    const { identity } = job
    this.queueView.remember(identity.userId, identity.username)
    const subject: LimitSubject = { keyId: identity.keyId, groupId: identity.groupId }
    const admission = this.limits.admit(subject, limitsOf(identity))
    if (!admission.ok) {
      this.metrics.rejections.inc({ reason: admission.reason })
      throw limitError(admission)
    }
    const waiter = new DispatchWaiter(job, this.scheduler, (tokens) => {
      if (tokens > 0) this.limits.record(subject, tokens)
      admission.release()
    })
    const result = this.scheduler.enqueue(
      {
        id: job.requestId,
        userId: identity.userId,
        keyId: identity.keyId,
        model: job.model,
        priority: identity.priority,
        weight: identity.weight,
        estimatedPromptTokens: job.estimatedPromptTokens,
      },
      {
        onDispatch: (lease) => waiter.dispatched(lease),
        onTimeout: () => {
          this.metrics.rejections.inc({ reason: 'queue-timeout' })
          waiter.failed(
            withRetryAfter(new Errors.queueTimeout('Timed out waiting in the queue for a free backend'), 5),
          )
        },
      },
    )
    if (!result.ok) {
      this.metrics.rejections.inc({ reason: result.reason })
      const message =
        result.reason === 'queue-full' ? 'The queue is full' : 'You have too many requests waiting'
      const error =
        result.reason === 'queue-full' ? new Errors.queueFull(message) : new Errors.tooManyRequests(message)
      waiter.failed(withRetryAfter(error, result.retryAfterSeconds))
    } else {
      waiter.waitFor(result.ticket)
    }
    return waiter.next()
  }
}

/**
 * Turns the scheduler's callbacks for one request into promises: one per dispatch, since a requeued
 * request is dispatched again through the same callbacks.
 */
class DispatchWaiter {
  private settle: { resolve(slot: Slot): void; reject(error: Error): void } | undefined
  private outcome: { slot?: Slot; error?: Error } | undefined
  private timer: NodeJS.Timeout | undefined
  private ticket: Ticket | undefined
  private released = false

  constructor(
    private readonly job: QueueJob,
    private readonly scheduler: Scheduler,
    private readonly releaseAdmission: (tokens: number) => void,
  ) {}

  waitFor(ticket: Ticket): void {
    this.ticket = ticket
    if (this.job.signal.aborted) return this.abort()
    this.job.signal.addEventListener('abort', this.abort, { once: true })
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
    this.stopReporting()
    // From here a client that leaves is the relay's business (it aborts the upstream request).
    this.job.signal.removeEventListener('abort', this.abort)
    this.deliver({
      slot: {
        lease,
        finish: (tokens) => this.finish(tokens),
        requeue: () => {
          lease.requeue()
          if (this.ticket) this.waitFor(this.ticket)
          return this.next()
        },
      },
    })
  }

  failed(error: Error): void {
    this.stopReporting()
    this.finish(0)
    this.deliver({ error })
  }

  private readonly abort = (): void => {
    this.ticket?.cancel()
    this.failed(new Errors.badRequest('The client went away while waiting'))
  }

  private finish(tokens: number): void {
    if (this.released) return
    this.released = true
    this.job.signal.removeEventListener('abort', this.abort)
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
      const position = this.scheduler.position(this.job.requestId)
      if (position !== undefined) onWaiting(position, this.scheduler.estimatedWaitMs(this.job.requestId) ?? 0)
    }
    report()
    this.timer = setInterval(report, positionIntervalMs)
  }

  private stopReporting(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}

function limitsOf(identity: Identity): SubjectLimits {
  return { key: identity.keyLimits, group: identity.groupLimits }
}

const limitMessages: Record<LimitRejection['reason'], string> = {
  concurrency: 'Too many requests in flight',
  rpm: 'Request rate limit reached',
  tpm: 'Token rate limit reached',
  'daily-quota': 'Daily token quota reached',
  'monthly-quota': 'Monthly token quota reached',
}

function limitError(rejection: LimitRejection): Error {
  const message = `${limitMessages[rejection.reason]} for this ${rejection.scope === 'key' ? 'key' : 'group'}`
  const quota = rejection.reason === 'daily-quota' || rejection.reason === 'monthly-quota'
  // Quotas take hours to clear: tell the OpenAI SDK not to retry them.
  return withRetryAfter(
    quota ? new Errors.quotaExceeded(message) : new Errors.tooManyRequests(message),
    rejection.retryAfterSeconds,
    {
      noRetry: quota,
    },
  )
}
