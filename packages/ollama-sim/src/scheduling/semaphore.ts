interface Waiter {
  grant: () => void
}

/** A FIFO counting semaphore whose limit can change while requests wait (`setOptions({ numParallel })`). */
export class Semaphore {
  private held = 0
  private readonly waiters: Waiter[] = []

  constructor(private limit: number) {}

  /** Whether `acquire` would succeed without waiting. */
  get available(): boolean {
    return this.held < this.limit && this.waiters.length === 0
  }

  /** Resolves true once a permit is held, or false if `signal` aborts first (the place in line is given up). */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (this.available) {
      this.held++
      return Promise.resolve(true)
    }
    if (signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort)
          resolve(true)
        },
      }
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter)
        if (index !== -1) this.waiters.splice(index, 1)
        resolve(false)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  release(): void {
    this.held--
    this.drain()
  }

  setLimit(limit: number): void {
    this.limit = limit
    this.drain()
  }

  private drain(): void {
    while (this.held < this.limit && this.waiters.length > 0) {
      this.held++
      this.waiters.shift()!.grant()
    }
  }
}
