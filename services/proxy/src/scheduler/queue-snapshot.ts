import type { BackendPool } from './backend-pool.ts'
import { rankAll } from './queue-ranking.ts'
import type { RunningLease } from './running-lease.ts'
import type { QueueSnapshot } from './snapshot-types.ts'
import type { VirtualTokenCounters } from './virtual-token-counters.ts'
import type { WaitingQueue } from './waiting-queue.ts'

export interface SnapshotSources {
  queue: WaitingQueue
  running: Iterable<RunningLease>
  backends: BackendPool
  counters: VirtualTokenCounters
  now: number
  agingIntervalMs: number
}

/** A plain, JSON-ready copy of the scheduler's state; O(n log n) in the waiting requests. */
export function buildSnapshot({
  queue,
  running,
  backends,
  counters,
  now,
  agingIntervalMs,
}: SnapshotSources): QueueSnapshot {
  const waiting = rankAll(queue, now, agingIntervalMs).map(({ request, effectivePriority }, index) => ({
    id: request.id,
    userId: request.userId,
    keyId: request.keyId,
    model: request.model,
    priority: request.priority,
    effectivePriority,
    waitedMs: now - request.arrivalMs,
    position: index + 1,
  }))
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
