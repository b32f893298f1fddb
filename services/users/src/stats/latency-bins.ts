/**
 * Fixed, log-spaced latency bins (milliseconds) for the queue-wait and time-to-first-token histograms.
 * The edges follow the R10 preferred numbers (about 26 % apart) from 1 ms to 20 minutes, so a
 * percentile read from the histogram is within one step of the exact one, whatever the range.
 * Bin `i` holds values in `[edges[i-1], edges[i])`; bin 0 holds values under 1 ms, and the last bin
 * everything from 20 minutes on. Changing the edges changes the meaning of stored rows: only append.
 */
const steps = [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.4, 8]

export const latencyBinEdges: readonly number[] = (() => {
  const edges = new Set<number>()
  for (let decade = 1; decade <= 1_000_000; decade *= 10) {
    for (const step of steps) edges.add(Math.round(step * decade))
  }
  const ordered = [...edges].filter((edge) => edge <= 1_200_000).sort((a, b) => a - b)
  ordered.push(1_200_000)
  return [...new Set(ordered)]
})()

/** The bin a latency falls in (what PostgreSQL's `width_bucket(value, edges)` answers). */
export function latencyBin(ms: number): number {
  let bin = 0
  while (bin < latencyBinEdges.length && ms >= latencyBinEdges[bin]!) bin++
  return bin
}

/** What a percentile falling in `bin` is reported as: the bin's upper edge (its lower for the last). */
export function latencyBinValue(bin: number): number {
  return latencyBinEdges[Math.min(bin, latencyBinEdges.length - 1)]!
}

/** The edges as a PostgreSQL array literal, for `width_bucket` in the rollup statements. */
export const latencyEdgesSql = `'{${latencyBinEdges.join(',')}}'::int[]`
