import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Scheduler, systemClock } from '../../../services/proxy/src/scheduler/index.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * The scheduler's own share of a queued request: `queued` requests from 50 users for 2 models wait
 * behind a full backend, each with its real maxWaitMs timer as in the proxy; heap after a full GC,
 * minus before. Every ticket is cancelled afterwards, which clears the timers.
 */
export function memoryModel(queued: number): { heapBytes: number; enqueueMicros: number } {
  const scheduler = new Scheduler({
    clock: systemClock,
    maxQueueLength: queued * 2,
    maxQueuePerUser: queued,
    maxWaitMs: 600_000,
  })
  scheduler.setBackend({
    id: 'gpu',
    slots: 1,
    healthy: true,
    draining: false,
    models: null,
    loadedModels: new Set(),
  })
  const callbacks = { onDispatch: () => undefined, onTimeout: () => undefined }
  const request = (id: number) => ({
    id: `r${id}`,
    userId: `user-${id % 50}`,
    keyId: `key-${id % 50}`,
    model: id % 2 ? 'llama3.2' : 'qwen3:8b',
    priority: 1 + (id % 3),
    weight: 1,
    estimatedPromptTokens: 100,
  })
  scheduler.enqueue({ ...request(0), id: 'running' }, callbacks)
  gc()
  gc()
  const before = process.memoryUsage().heapUsed
  const started = performance.now()
  const tickets = []
  for (let id = 0; id < queued; id++) tickets.push(scheduler.enqueue(request(id), callbacks))
  const enqueueMicros = ((performance.now() - started) * 1000) / queued
  gc()
  gc()
  const heapBytes = process.memoryUsage().heapUsed - before
  if (scheduler.stats().waiting !== queued) throw new Error('memory model: not everything queued')
  for (const ticket of tickets) if (ticket.ok) ticket.ticket.cancel()
  // The array holding the tickets is the benchmark's, not the scheduler's: one pointer each.
  return { heapBytes: heapBytes - tickets.length * 8, enqueueMicros }
}
