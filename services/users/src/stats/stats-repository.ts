import { sql, type SQL } from 'drizzle-orm'
import { rowsOf, type Db, type StatsRange } from '@corral/core'
import type { RollupDimension } from '../usage/usage-rollup-sql.ts'
import { rangeCover } from './range-cover.ts'

export interface CountsRow {
  requests: number
  errors: number
  promptTokens: number
  outputTokens: number
}
export interface BucketCountsRow extends CountsRow {
  bucket: number
}
export interface ValueCountsRow extends CountsRow {
  value: string
  durationMs: number
}
export interface LatencyRow {
  metric: 'queue_wait' | 'ttft'
  priority: number
  bin: number
  count: number
}
export interface UserShareRow extends CountsRow {
  bucket: number
  priority: number
  userId: string
}

const counts = sql.raw(`sum(requests)::int as requests, sum(errors)::int as errors,
  sum(prompt_tokens)::float8 as "promptTokens", sum(output_tokens)::float8 as "outputTokens"`)
const epochMs = (expression: SQL) => sql`(extract(epoch from ${expression}) * 1000)::float8`

/**
 * The dashboards' SQL: every query reads the rollups (schema.ts), never `usage_records`, and every
 * one is bounded by the range's `bucket_start` (the leading or second column of each primary key).
 * Sums come back as float8 so both drivers answer numbers.
 */
export class StatsRepository {
  constructor(private readonly db: Db) {}

  /** Totals per dashboard bucket from the minute rows. */
  series(range: StatsRange): Promise<BucketCountsRow[]> {
    const bucket = epochMs(bucketOf(range))
    if (range.bucket === '1m' || range.bucket === '5m') {
      return rowsOf(
        this.db,
        sql`select ${bucket} as bucket, ${counts} from users.usage_minutes where ${inRange(range)} group by 1 order by 1`,
      )
    }
    return rowsOf(
      this.db,
      sql`select ${bucket} as bucket, ${counts} from users.usage_dimensions
        where dimension = 'all' and ${inCover(range, range.bucketStarts)} group by 1 order by 1`,
    )
  }

  refusalSeries(range: StatsRange): Promise<{ bucket: number; count: number }[]> {
    return rowsOf(
      this.db,
      sql`select ${epochMs(bucketOf(range))} as bucket, sum(count)::int as count from users.refusal_minutes
        where ${inRange(range)} group by 1 order by 1`,
    )
  }

  refusals(range: StatsRange): Promise<{ reason: string; status: number; count: number }[]> {
    return rowsOf(
      this.db,
      sql`select reason, status, sum(count)::int as count from users.refusal_minutes
        where ${inRange(range)} group by 1, 2 order by 3 desc`,
    )
  }

  latency(range: StatsRange): Promise<LatencyRow[]> {
    return rowsOf(
      this.db,
      sql`select metric, priority, bin, sum(count)::int as count from users.usage_latency
        where ${inCover(range)} group by 1, 2, 3 order by 1, 2, 3`,
    )
  }

  /** One dimension's values over the range, most requests first; `limit` undefined for all of them. */
  dimension(range: StatsRange, dimension: RollupDimension, limit?: number): Promise<ValueCountsRow[]> {
    return rowsOf(
      this.db,
      sql`select value, ${counts}, sum(duration_ms)::float8 as "durationMs" from users.usage_dimensions
        where dimension = ${dimension} and ${inCover(range)}
        group by value order by 2 desc, value ${limit === undefined ? sql`` : sql`limit ${limit}`}`,
    )
  }

  /** Served tokens per bucket, priority and user: the fairness view. */
  userShares(range: StatsRange): Promise<UserShareRow[]> {
    return rowsOf(
      this.db,
      sql`select ${epochMs(bucketOf(range))} as bucket, priority, user_id::text as "userId", ${counts}
        from users.usage_users where ${inCover(range, range.bucketStarts)} group by 1, 2, 3 order by 1, 2`,
    )
  }
}

/**
 * Only the rollup pieces that tile the range (range-cover.ts): one index range per run of a grain, so
 * the rows read stay about the same whether the range holds a thousand records or ten million.
 */
function inCover(range: StatsRange, cuts?: readonly number[]): SQL {
  const runs = rangeCover(range.from.getTime(), range.to.getTime(), cuts).map(
    (run) =>
      sql`(grain = ${run.grain} and bucket_start >= ${new Date(run.from).toISOString()}::timestamptz
        and bucket_start < ${new Date(run.to).toISOString()}::timestamptz)`,
  )
  return sql`(${sql.join(runs, sql` or `)})`
}

function inRange(range: StatsRange): SQL {
  return sql`bucket_start >= ${range.from.toISOString()}::timestamptz and bucket_start < ${range.to.toISOString()}::timestamptz`
}

/**
 * The bucket a rollup row belongs to, as `resolveStatsRange` lays them out: fixed sizes on the
 * epoch's grid, hours and days in the range's zone (which follows its clock changes).
 */
function bucketOf(range: StatsRange): SQL {
  const origin = sql.raw(`timestamptz '2000-01-01 00:00:00+00'`)
  switch (range.bucket) {
    case '1m':
      return sql`bucket_start`
    case '5m':
      return sql`date_bin('5 minutes', bucket_start, ${origin})`
    case '15m':
      return sql`date_bin('15 minutes', bucket_start, ${origin})`
    case '1h':
      return sql`date_trunc('hour', bucket_start, ${range.timeZone})`
    case '1d':
      return sql`date_trunc('day', bucket_start, ${range.timeZone})`
  }
}
