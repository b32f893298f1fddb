import { Errors, withRetryAfter, type CorralMetrics } from '@corral/core'
import { MemoryReclaimer } from './memory-reclaimer.ts'

/** How soon a refused client may try again: queued bodies leave as requests start. */
const retryAfterSeconds = 5

/**
 * The bytes of request bodies Corral holds in memory: while it reads them and while their requests
 * wait in the queue (a prompt with images can be tens of MB, and each waiting request keeps its body).
 * Without a bound, one user queueing a hundred 60 MB prompts takes gigabytes. Past a user's share the
 * answer is 429, past the total 503, both with `Retry-After`; a hold is given back when its request
 * starts on a backend, fails, or its client leaves.
 */
export class BodyBudget {
  private total = 0
  private readonly byUser = new Map<string, number>()

  constructor(
    private readonly limits: { perUser: number; total: number },
    private readonly metrics: CorralMetrics,
    private readonly reclaimer = new MemoryReclaimer(),
  ) {}

  /** A hold for one request's body, empty until it grows. */
  hold(userId: string): BodyHold {
    return new BodyHold(this, userId)
  }

  /** Bytes held now, in all (for tests and metrics). */
  get held(): number {
    return this.total
  }

  take(userId: string, bytes: number): void {
    const user = this.byUser.get(userId) ?? 0
    if (user + bytes > this.limits.perUser) {
      this.metrics.refused('user-body-memory-full')
      throw withRetryAfter(
        new Errors.tooManyRequests(
          'Your requests waiting in the queue hold too much data; wait for some to start',
        ),
        retryAfterSeconds,
      )
    }
    if (this.total + bytes > this.limits.total) {
      this.metrics.refused('body-memory-full')
      throw withRetryAfter(
        new Errors.queueFull('The queue holds too much request data; try again shortly'),
        retryAfterSeconds,
      )
    }
    this.byUser.set(userId, user + bytes)
    this.total += bytes
  }

  give(userId: string, bytes: number): void {
    const user = (this.byUser.get(userId) ?? 0) - bytes
    if (user <= 0) this.byUser.delete(userId)
    else this.byUser.set(userId, user)
    this.total -= bytes
    this.reclaimer.noteReleased(bytes)
  }
}

/** One request's share of the budget; `release` may be called any number of times. */
export class BodyHold {
  private bytes = 0
  private released = false

  constructor(
    private readonly budget: BodyBudget,
    private readonly userId: string,
  ) {}

  /** Takes `bytes` more, or throws the 429/503 of the budget. */
  grow(bytes: number): void {
    if (this.released || bytes <= 0) return
    this.budget.take(this.userId, bytes)
    this.bytes += bytes
  }

  /**
   * The bytes move to a new hold, for an owner that outlives this one's: a request still queued when
   * its answer's headers went out (keep-alive) keeps its body counted until it leaves the queue.
   */
  handOver(): BodyHold {
    const next = new BodyHold(this.budget, this.userId)
    next.bytes = this.bytes
    next.released = this.released
    this.bytes = 0
    return next
  }

  release(): void {
    if (this.released) return
    this.released = true
    this.budget.give(this.userId, this.bytes)
    this.bytes = 0
  }
}
