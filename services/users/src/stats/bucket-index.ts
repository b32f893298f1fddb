import type { StatsRange } from '@corral/core'

/**
 * Which of the range's buckets a SQL bucket key (epoch ms) falls in. The first bucket of a range that
 * starts mid-day has its SQL key at the day's start, before the range: it is still the first bucket.
 */
export function bucketIndex(range: StatsRange, key: number): number {
  const starts = range.bucketStarts
  let low = 0
  let high = starts.length - 2
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (starts[middle]! <= key) low = middle
    else high = middle - 1
  }
  return low
}

/** Each bucket's start and its length inside the range, in seconds. */
export function bucketsOf(range: StatsRange): { start: number; seconds: number }[] {
  const starts = range.bucketStarts
  return starts.slice(0, -1).map((start, index) => ({ start, seconds: (starts[index + 1]! - start) / 1000 }))
}
