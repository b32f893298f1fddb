/**
 * Time and timers, injected so the scheduler runs the same under a fake clock in tests and benchmarks.
 * `now()` is a monotonic millisecond scale: only differences between readings mean anything.
 */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Node fires a timer longer than 2^31 − 1 ms at once (with a warning) instead of late; clamp instead.
const longestTimerMs = 2 ** 31 - 1

/** The real clock: `performance.now()` (immune to wall-clock steps) and unref'd Node timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    // A waiting request's deadline must not keep a process that is shutting down alive.
    return setTimeout(fn, Math.min(Math.max(ms, 0), longestTimerMs)).unref()
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  },
}
