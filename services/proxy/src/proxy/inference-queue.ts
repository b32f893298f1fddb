import type { WaitingReason } from '@corral/contracts'
import type { CorralMetrics, Identity } from '@corral/core'
import { Errors, withRetryAfter } from '@corral/core'
import type { LimitEvents } from '../events/limit-events.ts'
import type { RequestEvents } from '../events/request-events.ts'
import type { BackendOutages } from './backend-outages.ts'
import { DispatchWaiter } from './dispatch-waiter.ts'
import { operatorCancelError } from './operator-cancel.ts'
import type { QueueView } from './queue-view.ts'
import type {
  AdmissionLimits,
  Lease,
  LimitRejection,
  LimitSubject,
  Scheduler,
  SubjectLimits,
} from '../scheduler/index.ts'

export interface QueueJob {
  requestId: string
  identity: Identity
  model: string
  estimatedPromptTokens: number
  /** Aborted when the client goes away: the request leaves the queue at once. */
  signal: AbortSignal
  /** Called about once a second while waiting, for clients that show their place in the queue. */
  onWaiting?: (position: number, estimatedWaitMs: number, reason?: WaitingReason) => void
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
    private readonly outages: BackendOutages,
    private readonly events: RequestEvents,
    private readonly limitEvents: LimitEvents,
  ) {}

  acquire(job: QueueJob): Promise<Slot> {
    const { identity } = job
    this.queueView.remember(identity)
    const subject: LimitSubject = {
      keyId: identity.keyId,
      groupId: identity.groupId,
      userId: identity.userId,
    }
    const admission = this.limits.admit(subject, limitsOf(identity))
    if (!admission.ok) {
      this.metrics.refused(admission.reason)
      this.events.refused(job, admission.reason, 429)
      this.limitEvents.refused(subject, admission)
      throw limitError(admission)
    }
    const waiter = new DispatchWaiter(
      job,
      this.scheduler,
      this.outages,
      this.events,
      (tokens) => {
        if (tokens > 0) this.limits.record(subject, tokens)
        admission.release()
      },
      (id) => this.queueView.reasonOf(id),
    )
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
          this.metrics.refused('queue-timeout')
          this.events.refused(job, 'queue-timeout', 503)
          waiter.failed(
            withRetryAfter(new Errors.queueTimeout('Timed out waiting in the queue for a free backend'), 5),
          )
        },
        onCancelled: () => waiter.failed(operatorCancelError()),
      },
    )
    if (!result.ok) {
      this.metrics.refused(result.reason)
      const full = result.reason === 'queue-full'
      this.events.refused(job, result.reason, full ? 503 : 429)
      const message = full ? 'The queue is full' : 'You have too many requests waiting'
      const error = full ? new Errors.queueFull(message) : new Errors.tooManyRequests(message)
      waiter.failed(withRetryAfter(error, result.retryAfterSeconds))
    } else {
      waiter.enqueued(result.ticket)
    }
    return waiter.next()
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
