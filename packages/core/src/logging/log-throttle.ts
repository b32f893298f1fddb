import { LRUCache } from 'lru-cache'

interface Seen {
  loggedAt: number
  suppressed: number
}

/**
 * Keeps a flood of one failure from flooding the log: the first occurrence of a key is written, then
 * at most one per interval, each telling how many were left out since. (A database outage failed
 * tens of thousands of requests a minute, each with an 8 KB stack.)
 */
export class LogThrottle {
  private readonly seen = new LRUCache<string, Seen>({ max: 1000 })

  constructor(
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls `write` unless `key` was written less than an interval ago; `suppressed` counts the skipped. */
  run(key: string, write: (suppressed: number) => void): void {
    const now = this.now()
    const seen = this.seen.get(key)
    if (seen && now - seen.loggedAt < this.intervalMs) {
      seen.suppressed++
      return
    }
    this.seen.set(key, { loggedAt: now, suppressed: 0 })
    write(seen?.suppressed ?? 0)
  }
}
