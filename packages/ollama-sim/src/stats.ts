import type { SimStats } from './types.ts'

/** Live counters, mutated in place so `sim.stats` always shows the current values. */
export function createStats(): SimStats {
  const stats: SimStats = {
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    inferenceInFlight: 0,
    maxInferenceInFlight: 0,
    running: 0,
    maxRunning: 0,
    aborted: 0,
    completed: 0,
    lastHeaders: undefined,
    reset() {
      stats.requests = 0
      stats.aborted = 0
      stats.completed = 0
      stats.maxInFlight = stats.inFlight
      stats.maxInferenceInFlight = stats.inferenceInFlight
      stats.maxRunning = stats.running
      stats.lastHeaders = undefined
    },
  }
  return stats
}

export type Gauge = 'inFlight' | 'inferenceInFlight' | 'running'
const maxima = {
  inFlight: 'maxInFlight',
  inferenceInFlight: 'maxInferenceInFlight',
  running: 'maxRunning',
} as const

export function raise(stats: SimStats, gauge: Gauge): void {
  stats[gauge]++
  if (stats[gauge] > stats[maxima[gauge]]) stats[maxima[gauge]] = stats[gauge]
}

export function lower(stats: SimStats, gauge: Gauge): void {
  stats[gauge]--
}
