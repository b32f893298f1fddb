import type { Backend } from './backend-pool.ts'

/**
 * Slot-time a backend has spent busy: the integral of its busy count over time, brought up to date at
 * every change of that count, so utilisation (busy slot-seconds ÷ slot-seconds) is exact rather than
 * sampled at scrapes. O(1) per dispatch and release.
 */
export function changeBusy(backend: Backend, now: number, delta: 1 | -1): void {
  backend.busyMs = busyMsAt(backend, now)
  backend.busyChangedMs = now
  backend.busy += delta
}

/** Busy slot-milliseconds up to `now`, the requests running at this moment included. */
export function busyMsAt(backend: Backend, now: number): number {
  return backend.busyMs + backend.busy * (now - backend.busyChangedMs)
}
