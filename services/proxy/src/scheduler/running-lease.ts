import type { Backend } from './backend-pool.ts'
import type { ScheduledRequest } from './scheduled-request.ts'
import type { Lease, TokenUsage } from './types.ts'

export type LeaseOutcome = 'complete' | 'fail' | 'requeue'

/** What a lease needs from its scheduler, kept narrow so the lease can own its own accounting. */
export interface LeaseHost {
  /** Fair-share cost of tokens for a user of the given weight. */
  tokenCost(promptTokens: number, outputTokens: number, weight: number): number
  charge(request: ScheduledRequest, amount: number): void
  release(lease: RunningLease, outcome: LeaseOutcome): void
}

/**
 * One dispatched request. It remembers what it has charged the user, so completion charges only the
 * difference with the real counts and a requeue refunds exactly what was charged. Settles once: every
 * call after the first complete, fail or requeue does nothing, including one made from inside
 * `onDispatch` before the scheduler's dispatch returned.
 */
export class RunningLease implements Lease {
  readonly requestId: string
  readonly backendId: string
  readonly queueWaitMs: number
  private charged = 0
  private settled = false

  constructor(
    private readonly host: LeaseHost,
    readonly request: ScheduledRequest,
    readonly backend: Backend,
    readonly startedMs: number,
  ) {
    this.requestId = request.id
    this.backendId = backend.id
    this.queueWaitMs = startedMs - request.arrivalMs
    this.chargeCost(host.tokenCost(request.estimatedPromptTokens, 0, request.weight))
  }

  chargeOutput(tokens: number): void {
    if (!this.settled) this.chargeCost(this.host.tokenCost(0, count(tokens), this.request.weight))
  }

  complete(usage: TokenUsage): void {
    this.settle('complete', usage)
  }

  fail(usage?: TokenUsage): void {
    this.settle('fail', usage)
  }

  requeue(): void {
    if (this.settled) return
    // Refused before streaming: the user got nothing, so the prompt estimate is given back in full.
    this.chargeCost(-this.charged)
    this.settled = true
    this.host.release(this, 'requeue')
  }

  private settle(outcome: LeaseOutcome, usage: TokenUsage | undefined): void {
    if (this.settled) return
    if (usage) {
      const real = this.host.tokenCost(
        count(usage.promptTokens),
        count(usage.outputTokens),
        this.request.weight,
      )
      this.chargeCost(real - this.charged)
    }
    this.settled = true
    this.host.release(this, outcome)
  }

  private chargeCost(amount: number): void {
    this.charged += amount
    this.host.charge(this.request, amount)
  }
}

// A NaN or negative count from a broken upstream must not poison the counters that order everyone.
function count(tokens: number): number {
  return Number.isFinite(tokens) && tokens > 0 ? tokens : 0
}
