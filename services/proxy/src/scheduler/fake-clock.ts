import type { Clock } from './clock.ts'
import { IndexedHeap } from './indexed-heap.ts'

interface FakeTimer {
  readonly dueMs: number
  readonly order: number
  readonly fn: () => void
  heapIndex: number
}

/**
 * A clock that moves only when told to. Timers fire in due order (creation order on ties) while it
 * advances, each seeing `now()` at its own due time. Start it at an epoch time to use it as a wall clock
 * too (`new FakeClock(Date.UTC(2025, 0, 31))`). Exported for tests and benchmarks of the scheduler.
 */
export class FakeClock implements Clock {
  private current: number
  private created = 0
  private readonly timers = new IndexedHeap<FakeTimer>(
    (a, b) => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.order < b.order),
  )

  constructor(startMs = 0) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer: FakeTimer = {
      dueMs: this.current + Math.max(0, ms),
      order: this.created++,
      fn,
      heapIndex: -1,
    }
    this.timers.push(timer)
    return timer
  }

  clearTimeout(handle: unknown): void {
    if (handle) this.timers.remove(handle as FakeTimer)
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones set meanwhile). */
  advance(ms: number): void {
    const target = this.current + ms
    for (let timer = this.timers.peek(); timer && timer.dueMs <= target; timer = this.timers.peek()) {
      this.timers.pop()
      this.current = Math.max(this.current, timer.dueMs)
      timer.fn()
    }
    this.current = Math.max(this.current, target)
  }

  get pendingTimers(): number {
    return this.timers.size
  }
}
