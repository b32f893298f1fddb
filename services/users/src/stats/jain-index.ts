/**
 * Jain's fairness index of allocations `x` (R. Jain, D. Chiu, W. Hawe, DEC-TR-301, 1984):
 * (Σx)² / (n·Σx²), 1 when all are equal, 1/n when one takes everything. Null with nothing to compare.
 */
export function jainIndex(allocations: readonly number[]): number | null {
  const n = allocations.length
  const sum = allocations.reduce((total, x) => total + x, 0)
  const squares = allocations.reduce((total, x) => total + x * x, 0)
  if (n === 0 || squares === 0) return null
  return (sum * sum) / (n * squares)
}
