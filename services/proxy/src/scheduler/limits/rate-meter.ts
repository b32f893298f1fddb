const minuteMs = 60_000

/**
 * A per-minute rate limit as a leaky bucket: each request (or token) raises the level, which drains
 * continuously at the limit's rate; a request passes while the level leaves room under the limit. This
 * is a token bucket seen from the other side (level = capacity − tokens), as Anthropic describes its
 * own API limits. Chosen over a sliding log because it is two numbers per key whatever the limit, gives
 * an exact Retry-After (room frees at a known rate), and takes usage reported after the fact: a large
 * response pushes the level past the limit and the wait grows with the debt. The price: a burst of up
 * to the limit on top of the steady rate, as with any bucket.
 *
 * The rate is passed on every call because limits come with each request and may change between them.
 */
export class RateMeter {
  private level = 0
  private updatedMs = 0

  levelAt(perMinute: number, now: number): number {
    // Clamped: a wall clock stepping back must not refill the bucket backwards.
    const elapsedMs = Math.max(0, now - this.updatedMs)
    return Math.max(0, this.level - (elapsedMs * perMinute) / minuteMs)
  }

  add(amount: number, perMinute: number, now: number): void {
    this.level = this.levelAt(perMinute, now) + amount
    this.updatedMs = now
  }

  /** Milliseconds until the level drains down to `target` (0 if it is there already). */
  msUntil(target: number, perMinute: number, now: number): number {
    // A limit of 0 never drains; one minute is the honest "not now" for a per-minute limit.
    if (perMinute <= 0) return minuteMs
    return (Math.max(0, this.levelAt(perMinute, now) - target) * minuteMs) / perMinute
  }
}
