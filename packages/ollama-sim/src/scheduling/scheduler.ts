import { Semaphore } from './semaphore.ts'

export type SlotResult = 'acquired' | 'busy' | 'aborted'

/**
 * Ollama's concurrency model: each loaded model runs `numParallel` requests at once and the rest wait on a
 * semaphore, never rejected, until more than `maxQueue` are waiting in total (then 503 "server busy").
 */
export class Scheduler {
  private readonly semaphores = new Map<string, Semaphore>()
  private waiting = 0

  constructor(
    private readonly numParallel: () => number,
    private readonly maxQueue: () => number,
  ) {}

  async acquire(modelKey: string, signal: AbortSignal): Promise<SlotResult> {
    let semaphore = this.semaphores.get(modelKey)
    if (!semaphore) {
      semaphore = new Semaphore(this.numParallel())
      this.semaphores.set(modelKey, semaphore)
    }
    if (semaphore.available) return (await semaphore.acquire(signal)) ? 'acquired' : 'aborted'
    if (this.waiting >= this.maxQueue()) return 'busy'
    this.waiting++
    try {
      return (await semaphore.acquire(signal)) ? 'acquired' : 'aborted'
    } finally {
      this.waiting--
    }
  }

  release(modelKey: string): void {
    this.semaphores.get(modelKey)?.release()
  }

  /** A new `numParallel` applies to every model at once, waking waiters if the limit grew. */
  setParallel(limit: number): void {
    for (const semaphore of this.semaphores.values()) semaphore.setLimit(limit)
  }
}
