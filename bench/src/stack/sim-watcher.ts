import type { InferenceEndEvent, InferenceStartEvent, OllamaSim, SimRequestEvent } from '@corral/ollama-sim'

/** Header the benchmark puts on requests it wants to follow into the simulator. */
export const benchIdHeader = 'x-bench-id'

export interface SimTrace {
  benchId: string
  /** `performance.now()` when the simulator granted the request a parallel slot. */
  startedAt?: number
  /** `performance.now()` of the end; for an abort, the moment the simulator saw the socket close. */
  endedAt?: number
  aborted?: boolean
}

/**
 * Follows requests carrying `x-bench-id` through the simulator's events (same process, same clock).
 * Listens only between `start()` and `stop()`, so it costs the simulator nothing in other scenarios.
 */
export class SimWatcher {
  private readonly bySimId = new Map<number, SimTrace>()
  private readonly byBenchId = new Map<string, SimTrace>()
  private readonly waiters = new Map<string, (trace: SimTrace) => void>()
  private endListener: ((trace: SimTrace) => void) | undefined

  constructor(private readonly sim: OllamaSim) {}

  start(onEnd?: (trace: SimTrace) => void): void {
    this.endListener = onEnd
    this.sim.events.on('request', this.onRequest)
    this.sim.events.on('inference-start', this.onStart)
    this.sim.events.on('inference-end', this.onEnd)
  }

  stop(): void {
    this.sim.events.off('request', this.onRequest)
    this.sim.events.off('inference-start', this.onStart)
    this.sim.events.off('inference-end', this.onEnd)
    this.bySimId.clear()
    this.byBenchId.clear()
    this.waiters.clear()
    this.endListener = undefined
  }

  trace(benchId: string): SimTrace | undefined {
    return this.byBenchId.get(benchId)
  }

  /** Resolves with the trace once the simulator ended the request, or undefined after `timeoutMs`. */
  ended(benchId: string, timeoutMs: number): Promise<SimTrace | undefined> {
    const trace = this.byBenchId.get(benchId)
    if (trace?.endedAt !== undefined) return Promise.resolve(trace)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(benchId)
        resolve(undefined)
      }, timeoutMs)
      this.waiters.set(benchId, (done) => {
        clearTimeout(timer)
        resolve(done)
      })
    })
  }

  private readonly onRequest = (event: SimRequestEvent): void => {
    const benchId = event.headers[benchIdHeader]
    if (typeof benchId !== 'string') return
    const trace: SimTrace = { benchId }
    this.bySimId.set(event.id, trace)
    this.byBenchId.set(benchId, trace)
  }

  private readonly onStart = (event: InferenceStartEvent): void => {
    const trace = this.bySimId.get(event.id)
    if (trace) trace.startedAt = performance.now()
  }

  private readonly onEnd = (event: InferenceEndEvent): void => {
    const trace = this.bySimId.get(event.id)
    if (!trace) return
    this.bySimId.delete(event.id)
    trace.endedAt = event.at
    trace.aborted = event.aborted
    this.endListener?.(trace)
    const waiter = this.waiters.get(trace.benchId)
    this.waiters.delete(trace.benchId)
    waiter?.(trace)
  }
}
