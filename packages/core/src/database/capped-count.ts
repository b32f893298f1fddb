import { sql, type SQLWrapper } from 'drizzle-orm'
import type { Db } from './database.ts'
import { rowsOf } from './query-rows.ts'

/**
 * How many matching rows an admin list counts before it stops and says "10,000+". An exact count
 * reads every matching row: over 300,000 keys that is most of a PGlite list's time (docs/performance.md,
 * "Admin lists at scale"). Beyond 10,000 an exact figure tells a person nothing a search would not, and
 * counting 10,001 rows stays within the page's time budget on either database.
 */
export const listTotalCap = 10_000

/** A list's total: exact below the cap; otherwise `total` is the cap and there are more rows than that. */
export interface CappedTotal {
  total: number
  totalExact: boolean
}

/** A select of the matching rows (any columns) that can still take a limit. */
interface LimitableSelect {
  limit(limit: number): SQLWrapper
}

/**
 * Counts the rows `matching` selects, reading at most `cap + 1` of them, so the cost is bounded
 * however many rows match: `select count(*) from (select … limit cap + 1)`.
 */
export async function countUpTo(db: Db, matching: LimitableSelect, cap = listTotalCap): Promise<CappedTotal> {
  const [row] = await rowsOf<{ total: number | string }>(
    db,
    sql`select count(*)::int as total from (${matching.limit(cap + 1)}) as matching`,
  )
  const counted = Number(row?.total ?? 0)
  return counted > cap ? { total: cap, totalExact: false } : { total: counted, totalExact: true }
}
