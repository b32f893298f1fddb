import type { Percentiles } from '@corral/contracts'
import { latencyBinValue } from './latency-bins.ts'

/**
 * p50/p95/p99 from a histogram (bin → count), by nearest rank: the bin holding the ⌈p·n⌉-th value,
 * reported as that bin's upper edge. Exact up to the bin width (latency-bins.ts).
 */
export function percentilesOf(histogram: ReadonlyMap<number, number>): Percentiles {
  const bins = [...histogram.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => a - b)
  const total = bins.reduce((sum, [, count]) => sum + count, 0)
  const at = (p: number): number | null => {
    if (total === 0) return null
    const rank = Math.ceil(p * total)
    let seen = 0
    for (const [bin, count] of bins) {
      seen += count
      if (seen >= rank) return latencyBinValue(bin)
    }
    return latencyBinValue(bins.at(-1)![0])
  }
  return { count: total, p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99) }
}

/** Adds `count` to `bin` of the histogram `key` in `histograms`. */
export function addToHistogram<K>(
  histograms: Map<K, Map<number, number>>,
  key: K,
  bin: number,
  count: number,
): void {
  let histogram = histograms.get(key)
  if (!histogram) histograms.set(key, (histogram = new Map<number, number>()))
  histogram.set(bin, (histogram.get(bin) ?? 0) + count)
}
