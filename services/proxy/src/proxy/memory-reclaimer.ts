import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Collect once this much body memory has been let go since the last collection. */
const releasedThreshold = 64 * 1024 * 1024
/** Wait this long after the last release (a burst of aborts ends together)… */
const settleMs = 1000
/** …and collect at most this often: under steady traffic V8's own heuristics are enough. */
const minIntervalMs = 10_000

/**
 * Gives the memory of large request bodies back to the system once they are let go. A body waiting
 * in the queue lives long enough to reach V8's old generation, where only a full collection frees
 * it; V8 starts one when external memory grows, not when it shrinks, so after a burst of big prompts
 * is aborted the process would keep its peak size until the next burst. After a large release (and
 * only then) this asks for one full collection: a pause of tens of milliseconds at most every 10 s.
 */
export class MemoryReclaimer {
  private released = 0
  private timer: NodeJS.Timeout | undefined
  private lastCollectionAt = -Infinity

  constructor(private readonly collect: (() => void) | undefined = exposedGc()) {}

  noteReleased(bytes: number): void {
    if (!this.collect) return
    this.released += bytes
    if (this.released < releasedThreshold) return
    clearTimeout(this.timer)
    const wait = Math.max(settleMs, this.lastCollectionAt + minIntervalMs - performance.now())
    this.timer = setTimeout(() => this.run(), wait)
    this.timer.unref()
  }

  private run(): void {
    this.timer = undefined
    this.released = 0
    this.lastCollectionAt = performance.now()
    this.collect?.()
  }
}

/** V8's `gc()`: the process's own if it runs with `--expose-gc`, or one exposed now. */
function exposedGc(): (() => void) | undefined {
  const own = (globalThis as { gc?: () => void }).gc
  if (own) return own
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}
