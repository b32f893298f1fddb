/** Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one gets everything. */
export function jainIndex(values: readonly number[]): number {
  let sum = 0
  let squares = 0
  for (const value of values) {
    sum += value
    squares += value * value
  }
  return squares === 0 ? NaN : (sum * sum) / (values.length * squares)
}

/**
 * Max-min fair shares (water-filling) of `capacity` slots among users who can each use at most
 * `demands[i]` at once: nobody gets more than they can use, and what they cannot use is split evenly
 * among the others.
 */
export function maxMinShares(demands: readonly number[], capacity: number): number[] {
  const shares = demands.map(() => 0)
  let left = capacity
  let open = demands.map((_, index) => index)
  while (open.length > 0 && left > 1e-12) {
    const even = left / open.length
    const capped = open.filter((index) => demands[index]! - shares[index]! <= even)
    if (capped.length === 0) {
      for (const index of open) shares[index]! += even
      break
    }
    for (const index of capped) {
      left -= demands[index]! - shares[index]!
      shares[index] = demands[index]!
    }
    open = open.filter((index) => !capped.includes(index))
  }
  return shares
}

/** Jain's index over each user's service divided by their max-min fair share. */
export function fairnessIndex(
  served: readonly number[],
  demands: readonly number[],
  capacity: number,
): number {
  const shares = maxMinShares(demands, capacity)
  return jainIndex(served.map((value, index) => value / shares[index]!))
}
