import { setTimeout as sleep } from 'node:timers/promises'
import { Errors, RateLimiter, withRetryAfter } from '@corral/core'

/**
 * Paces password-strength checks, which run on the event loop: at most `perSecond` start in any
 * second, so even a flood of registrations by invitation holders leaves the server answering. A check
 * over the budget waits for the next second instead of failing, because a handful of people
 * registering at once is ordinary; only past `maxWaiting` queued checks is one refused (503).
 */
export class StrengthCheckPacer {
  private readonly budget: RateLimiter
  private waiting = 0

  constructor(
    perSecond: number,
    private readonly maxWaiting: number,
  ) {
    this.budget = new RateLimiter({ limit: perSecond, windowMs: 1000, maxKeys: 1 })
  }

  async turn(): Promise<void> {
    for (;;) {
      const wait = this.budget.take('all')
      if (wait === undefined) return
      if (this.waiting >= this.maxWaiting)
        throw withRetryAfter(new Errors.busy('Too many registrations at once; try again in a moment'), wait)
      this.waiting++
      try {
        await sleep(wait * 1000)
      } finally {
        this.waiting--
      }
    }
  }
}
