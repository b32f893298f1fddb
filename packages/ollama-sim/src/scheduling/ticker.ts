/**
 * Paces a generation: `tick(ms)` waits `ms` (or one event-loop turn when 0) and resolves true, or false as
 * soon as the client leaves. One abort listener serves every tick, so the per-token cost stays a timer.
 */
export class Ticker {
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  private pending: ((completed: boolean) => void) | undefined
  private readonly onAbort = (): void => {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.settle(false)
  }

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true })
  }

  tick(ms: number): Promise<boolean> {
    if (this.signal.aborted) return Promise.resolve(false)
    return new Promise((resolve) => {
      this.pending = resolve
      this.timer = ms > 0 ? setTimeout(this.fire, ms) : setImmediate(this.fire)
    })
  }

  stop(): void {
    this.signal.removeEventListener('abort', this.onAbort)
  }

  private readonly fire = (): void => this.settle(true)

  private settle(completed: boolean): void {
    const resolve = this.pending
    this.pending = undefined
    this.timer = undefined
    resolve?.(completed)
  }
}
