/**
 * Preloaded into the Corral child process (`--import`), never into Corral itself: answers the
 * benchmark's IPC questions about the process that no HTTP route exposes — its heap after a full GC,
 * its event-loop delay, and its scheduler's self-check counters (`slotViolations`, `headScans`). It
 * finds the scheduler by wrapping `Scheduler.prototype.setBackend`, which the backend registry calls
 * once at start.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'
import { writeHeapSnapshot } from 'node:v8'
import { Scheduler } from '../../../services/proxy/src/scheduler/scheduler.ts'

export type ProbeQuestion = { id: number; kind: 'heap' | 'scheduler' | 'loop' | 'snapshot' }

/** Event-loop delay since the previous `loop` question, in ms. */
export interface LoopDelay {
  p50: number
  p99: number
  max: number
  /** The longest garbage-collection pause in the same period, to tell GC stalls from others. */
  gcMax: number
}

const loop = monitorEventLoopDelay({ resolution: 1 })
loop.enable()
let gcMax = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMax = Math.max(gcMax, entry.duration)
}).observe({ entryTypes: ['gc'] })
export type ProbeAnswer = { id: number; value: unknown }

const schedulers = new Set<Scheduler>()
const prototype = Scheduler.prototype as unknown as { setBackend: (this: Scheduler, state: unknown) => void }
const setBackend = prototype.setBackend
prototype.setBackend = function (this: Scheduler, state: unknown): void {
  schedulers.add(this)
  setBackend.call(this, state)
}

function answer(kind: ProbeQuestion['kind']): unknown {
  if (kind === 'scheduler') return [...schedulers].map((scheduler) => scheduler.stats())
  // For looking into a memory figure by hand (Chrome DevTools → Memory → Load).
  if (kind === 'snapshot') return writeHeapSnapshot()
  if (kind === 'loop') {
    const delay: LoopDelay = {
      p50: loop.percentile(50) / 1e6,
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
      gcMax,
    }
    loop.reset()
    gcMax = 0
    return delay
  }
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage()
  return { heapUsed, heapTotal, rss, external, arrayBuffers, gc: gc !== undefined }
}

process.on('message', (message: ProbeQuestion) => {
  process.send?.({ id: message.id, value: answer(message.kind) } satisfies ProbeAnswer)
})
// The channel must not keep Corral alive once it has shut down (the CPU profile is written at exit).
process.channel?.unref()
