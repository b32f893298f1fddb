import type { BackendPool } from './backend-pool.ts'
import { rankAll } from './queue-ranking.ts'
import type { RunningLease } from './running-lease.ts'
import type { QueueSnapshot } from './snapshot-types.ts'
import type { VirtualTokenCounters } from './virtual-token-counters.ts'
import type { WaitingQueue } from './waiting-queue.ts'
import { explainWaiting } from './waiting-reasons.ts'
import { estimateWaitMs } from './service-time-estimator.ts'

export interface SnapshotSources {
  queue: WaitingQueue
  running: Iterable<RunningLease>
  backends: BackendPool
  counters: VirtualTokenCounters
  now: number
  agingIntervalMs: number
  meanServiceMs: (model: string) => number
}

/** A plain, JSON-ready copy of the scheduler's state; O(n log n) in the waiting requests (one sort, then linear). */
export function buildSnapshot({
  queue,
  running,
  backends,
  counters,
  now,
  agingIntervalMs,
  meanServiceMs,
}: SnapshotSources): QueueSnapshot {
  const ranked = rankAll(queue, now, agingIntervalMs)
  const reasons = explainWaiting(ranked, backends)
  const perModel = new Map<string, { seen: number; slots: number; meanMs: number }>()
  const waiting = ranked.map(({ request, effectivePriority }, index) => {
    const { model } = request
    let line = perModel.get(model)
    if (!line) {
      line = { seen: 0, slots: backends.slotsFor(model), meanMs: meanServiceMs(model) }
      perModel.set(model, line)
    }
    line.seen++
    const waitedMs = now - request.arrivalMs
    return {
      id: request.id,
      userId: request.userId,
      keyId: request.keyId,
      model,
      priority: request.priority,
      effectivePriority,
      waitedMs,
      position: index + 1,
      modelPosition: line.seen,
      promotedFrom: request.priority === request.requestedPriority ? null : request.requestedPriority,
      nextAgingMs: agingIntervalMs > 0 ? agingIntervalMs - (Math.max(0, waitedMs) % agingIntervalMs) : null,
      estimatedWaitMs: estimateWaitMs(index + 1, line.slots, line.meanMs),
      reason: reasons[index]!,
    }
  })
  const runningEntries = Array.from(running, ({ request, backend, startedMs }) => ({
    id: request.id,
    userId: request.userId,
    keyId: request.keyId,
    model: request.model,
    priority: request.priority,
    backendId: backend.id,
    startedMs,
    runningMs: now - startedMs,
  }))
  const backendEntries = Array.from(backends, (backend) => ({
    id: backend.id,
    slots: backend.slots,
    busy: backend.busy,
    healthy: backend.healthy,
    draining: backend.draining,
    loadedModels: [...backend.loadedModels],
  }))
  const users = Array.from(counters.all(), ({ id, counter, waiting, running }) => ({
    userId: id,
    counter,
    waiting,
    running,
  }))
  const totals = {
    waiting: waiting.length,
    running: runningEntries.length,
    slots: backends.slotsFor(),
    busy: backendEntries.reduce((sum, backend) => sum + backend.busy, 0),
  }
  return { waiting, running: runningEntries, backends: backendEntries, users, totals }
}
