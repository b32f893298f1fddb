import type { CorralMetrics } from '@corral/core'
import type { Scheduler } from '../scheduler/index.ts'

/** A last check before a refusal takes at most this long (a backend that accepts no connection). */
const lastCheckMs = 1000

/** What the outage watch needs from the backend registry. */
export interface OutageSource {
  /** Checks the unhealthy backends now (not those checked in the last `minIntervalMs`). */
  recheckUnhealthy(minIntervalMs?: number): Promise<void>
  noBackendError(model: string): Error
}

interface Watched {
  model: string
  timer: NodeJS.Timeout | undefined
  refuse(error: Error): void
}

/**
 * Requests waiting for a model that no healthy backend serves. With every backend down a request
 * would otherwise wait out the whole queue wait (ten minutes by default) for nothing; instead it is
 * refused after a short grace (`CORRAL_NO_BACKEND_GRACE`) with 503 `CORRAL_ERR_NO_BACKEND`, unless a
 * backend comes back first (the unhealthy ones are checked at once rather than at their backed-off
 * time). Requests that were waiting when the backends went down get the same grace.
 */
export class BackendOutages {
  private readonly byModel = new Map<string, Set<Watched>>()

  constructor(
    private readonly scheduler: Scheduler,
    private readonly source: OutageSource,
    private readonly metrics: CorralMetrics,
    private readonly graceMs: number,
  ) {}

  /** Watches a waiting request; returns the function that stops watching it. */
  watch(model: string, refuse: (error: Error) => void): () => void {
    const entry: Watched = { model, timer: undefined, refuse }
    let entries = this.byModel.get(model)
    if (!entries) this.byModel.set(model, (entries = new Set()))
    entries.add(entry)
    if (!this.scheduler.canServe(model)) this.arm(entry)
    return () => {
      clearTimeout(entry.timer)
      entries.delete(entry)
      if (entries.size === 0 && this.byModel.get(model) === entries) this.byModel.delete(model)
    }
  }

  /** The backends changed (a health check, a drain, a removal): start the grace where it applies. */
  changed(): void {
    for (const [model, entries] of this.byModel) {
      if (this.scheduler.canServe(model)) continue
      for (const entry of entries) this.arm(entry)
    }
  }

  private arm(entry: Watched): void {
    if (entry.timer) return
    void this.source.recheckUnhealthy()
    entry.timer = setTimeout(() => void this.expire(entry), this.graceMs)
    entry.timer.unref()
  }

  /** The grace is over: after one last check, refuse unless a backend came back. */
  private async expire(entry: Watched): Promise<void> {
    await Promise.race([
      this.source.recheckUnhealthy(0),
      new Promise((resolve) => setTimeout(resolve, lastCheckMs).unref()),
    ])
    entry.timer = undefined
    // Back meanwhile (or the request left, or started): nothing to do; it keeps its place.
    if (this.scheduler.canServe(entry.model) || !this.byModel.get(entry.model)?.has(entry)) return
    this.metrics.refused('no-backend')
    entry.refuse(this.source.noBackendError(entry.model))
  }
}
