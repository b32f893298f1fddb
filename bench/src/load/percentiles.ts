export interface Summary {
  n: number
  mean: number
  p50: number
  p90: number
  p99: number
  max: number
}

/** Nearest-rank percentile of an ascending array (q in 0–100); NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((q / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort()
  let total = 0
  for (const value of sorted) total += value
  const list = Array.from(sorted)
  return {
    n: sorted.length,
    mean: sorted.length ? total / sorted.length : NaN,
    p50: percentile(list, 50),
    p90: percentile(list, 90),
    p99: percentile(list, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  }
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN
}
