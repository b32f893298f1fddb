import { LRUCache } from 'lru-cache'

export interface RateLimit {
  /** Events allowed per key in one window. */
  limit: number
  windowMs: number
  /**
   * Keys remembered at once; the least recently seen are forgotten first, so memory stays bounded
   * whatever an attacker sends (forgetting only ever lets a forgotten key start afresh).
   */
  maxKeys?: number
}

interface Window {
  count: number
  endsAt: number
}

/**
 * Fixed-window counters in memory, for the cheap refusals that must come before any expensive work
 * (a password check, a database lookup): per client address, or one shared key for the whole process.
 * Per process: replicas each count their own, which only makes the limit per replica.
 */
export class RateLimiter {
  private readonly windows: LRUCache<string, Window>

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache({ max: rate.maxKeys ?? 10_000 })
  }

  /** Counts one event for `key`; returns undefined when it is allowed, else the seconds until it would be. */
  take(key: string): number | undefined {
    const wait = this.retryAfter(key)
    if (wait !== undefined) return wait
    this.window(key).count++
    return undefined
  }

  /** Seconds until `key` may act again, or undefined when it is under its limit now (nothing counted). */
  retryAfter(key: string): number | undefined {
    const window = this.window(key)
    return window.count >= this.rate.limit
      ? Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000))
      : undefined
  }

  private window(key: string): Window {
    const now = this.now()
    let window = this.windows.get(key)
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + this.rate.windowMs }
      this.windows.set(key, window)
    }
    return window
  }
}
