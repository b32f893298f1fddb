import type { BackendPool } from './backend-pool.ts'
import { busyMsAt } from './busy-time.ts'
import type { WaitingQueue } from './waiting-queue.ts'

export interface BackendGauges {
  id: string
  slots: number
  busy: number
  healthy: boolean
  /** Busy slot-milliseconds since the backend was added: only ever grows, a counter for `rate()`. */
  busyMs: number
}

export interface SchedulerGauges {
  /** Waiting requests by base priority (1–10); priorities with nothing waiting are absent. */
  waitingByPriority: Map<number, number>
  backends: BackendGauges[]
}

/** Counts per FIFO rather than per request: every FIFO holds one base priority (waiting-queue.ts). */
export function readGauges(queue: WaitingQueue, backends: BackendPool, now: number): SchedulerGauges {
  const waitingByPriority = new Map<number, number>()
  for (const fifo of queue.fifos()) {
    const priority = fifo.head?.priority
    if (priority !== undefined)
      waitingByPriority.set(priority, (waitingByPriority.get(priority) ?? 0) + fifo.size)
  }
  const entries = Array.from(backends, (backend) => ({
    id: backend.id,
    slots: backend.slots,
    busy: backend.busy,
    healthy: backend.healthy,
    busyMs: busyMsAt(backend, now),
  }))
  return { waitingByPriority, backends: entries }
}
