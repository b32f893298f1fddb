import type { CorralMetrics } from '@corral/core'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Scheduler } from '../scheduler/index.ts'
import type { BodyBudget } from './body-budget.ts'

/**
 * Copies the scheduler's live state into the Prometheus gauges right before each scrape, so the request
 * path records nothing for them. Busy slot-time is a counter: each scrape adds what the scheduler's
 * integral grew by since the last one.
 */
export class SchedulerMetrics {
  private readonly lastBusyMs = new Map<string, number>()

  constructor(
    private readonly metrics: CorralMetrics,
    private readonly scheduler: Scheduler,
    private readonly registry: BackendRegistry,
    private readonly budget: BodyBudget,
  ) {}

  refresh(): void {
    const { metrics } = this
    const stats = this.scheduler.stats()
    const gauges = this.scheduler.gauges()
    metrics.queueDepth.set(stats.waiting)
    metrics.setWaitingByPriority(gauges.waitingByPriority)
    metrics.running.set(stats.running)
    metrics.bodyMemory.set(this.budget.held)
    for (const entry of gauges.backends) {
      const backend = this.registry.get(entry.id)?.row.name ?? entry.id
      metrics.backendUp.set({ backend }, entry.healthy ? 1 : 0)
      metrics.backendSlots.set({ backend, state: 'total' }, entry.slots)
      metrics.backendSlots.set({ backend, state: 'busy' }, entry.busy)
      const last = this.lastBusyMs.get(entry.id) ?? 0
      // Smaller than last time: the backend was removed and added again, and its integral restarted.
      const grown = entry.busyMs >= last ? entry.busyMs - last : entry.busyMs
      metrics.backendBusySeconds.inc({ backend }, grown / 1000)
      this.lastBusyMs.set(entry.id, entry.busyMs)
    }
  }
}
