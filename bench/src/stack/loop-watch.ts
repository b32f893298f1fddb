import type { LoopDelay } from './corral-probe.ts'
import type { CorralProcess } from './start-corral.ts'

/** Corral's event-loop delay over the measured parts of a scenario: the worst p99 and max seen. */
export class LoopWatch {
  readonly worst: LoopDelay = { p50: 0, p99: 0, max: 0, gcMax: 0 }

  constructor(private readonly corral: CorralProcess) {}

  async during<T>(work: () => Promise<T>): Promise<T> {
    await this.corral.loopDelay()
    const result = await work()
    const delay = await this.corral.loopDelay()
    this.worst.p50 = Math.max(this.worst.p50, delay.p50)
    this.worst.p99 = Math.max(this.worst.p99, delay.p99)
    this.worst.max = Math.max(this.worst.max, delay.max)
    this.worst.gcMax = Math.max(this.worst.gcMax, delay.gcMax)
    return result
  }
}
