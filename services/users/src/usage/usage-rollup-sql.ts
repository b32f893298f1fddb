import { sql, type SQL } from 'drizzle-orm'
import { latencyEdgesSql } from '../stats/latency-bins.ts'

/**
 * The statements that fold usage rows into the dashboard rollups (schema.ts), as data-modifying CTEs
 * over a row source named `src` with the columns of `users.usage_records`. Appended to the insert of a
 * batch they run in the same statement, so a batch and its rollups are written together or not at all;
 * over the whole table they are the backfill. Each target is grouped by its own key first: an upsert
 * may touch a row only once per statement. Everything here is constant text (no user input).
 */
// 499 is a client that left or stopped its answer: its choice, not a failure (as in usage-repository.ts).
const isError = `case when (status >= 400 and status <> 499) or error is not null then 1 else 0 end`
const measures = `count(*)::int, sum(${isError})::int, sum(prompt_tokens)::bigint, sum(output_tokens)::bigint`
// The pieces a row belongs to, one per grain (UTC: the session's zone must not move a day or an hour).
const allGrains = `cross join (values ('q'), ('h'), ('d')) as g(grain)`
const quarterOnly = `cross join (values ('q')) as g(grain)`
const piece = `case g.grain when 'q' then date_bin('15 minutes', finished_at, timestamptz '2000-01-01 00:00:00+00')
  when 'h' then date_trunc('hour', finished_at, 'UTC') else date_trunc('day', finished_at, 'UTC') end`
const minute = `date_trunc('minute', finished_at, 'UTC')`
const addMeasures = `requests = t.requests + excluded.requests, errors = t.errors + excluded.errors,
  prompt_tokens = t.prompt_tokens + excluded.prompt_tokens, output_tokens = t.output_tokens + excluded.output_tokens`

/** `dimension → expression`: what the quarter-hour dimension rows are keyed by (null values skipped). */
export const rollupDimensions = {
  /** Every record: the totals of the series at a quarter hour and coarser. */
  all: `''`,
  user: 'user_id::text',
  key: 'key_id::text',
  group: 'group_id::text',
  model: 'model',
  backend: 'backend_id',
  endpoint: 'endpoint',
  status: 'status::text',
} as const
export type RollupDimension = keyof typeof rollupDimensions

const dimensionRows = Object.entries(rollupDimensions)
  .map(
    ([name, expression]) =>
      `select '${name}' as d, ${expression} as v, prompt_tokens, output_tokens, status, error, duration_ms,
        finished_at from src where ${expression} is not null`,
  )
  .join(' union all ')

const ctesFor = (grains: string) => `
  , r_minutes as (
    insert into users.usage_minutes as t (bucket_start, requests, errors, prompt_tokens, output_tokens)
    select ${minute}, ${measures} from src group by 1
    on conflict (bucket_start) do update set ${addMeasures})
  , r_dimensions as (
    insert into users.usage_dimensions as t
      (grain, bucket_start, dimension, value, requests, errors, prompt_tokens, output_tokens, duration_ms)
    select g.grain, ${piece}, d, v, ${measures}, sum(duration_ms)::bigint
    from (${dimensionRows}) as rows ${grains} group by 1, 2, 3, 4
    on conflict (dimension, grain, bucket_start, value) do update set ${addMeasures},
      duration_ms = t.duration_ms + excluded.duration_ms)
  , r_users as (
    insert into users.usage_users as t
      (grain, bucket_start, priority, user_id, requests, errors, prompt_tokens, output_tokens)
    select g.grain, ${piece}, priority, user_id, ${measures} from src ${grains} group by 1, 2, 3, 4
    on conflict (grain, bucket_start, priority, user_id) do update set ${addMeasures})
  , r_latency as (
    insert into users.usage_latency as t (grain, bucket_start, metric, priority, bin, count)
    select g.grain, ${piece}, m, priority, width_bucket(ms, ${latencyEdgesSql}), count(*)::int
    from (
      select 'queue_wait' as m, priority, queue_wait_ms as ms, finished_at from src
      union all
      select 'ttft', priority, time_to_first_token_ms, finished_at from src where time_to_first_token_ms is not null
    ) as latencies ${grains} group by 1, 2, 3, 4, 5
    on conflict (grain, bucket_start, metric, priority, bin) do update set count = t.count + excluded.count)`

const ctes = ctesFor(allGrains)
const quarterCtes = ctesFor(quarterOnly)

/** The rollups of a batch at every grain, appended to its insert. */
export function rollupCtes(): SQL {
  return sql.raw(ctes)
}

/**
 * The backfill: quarter hours from the records, then hours from the quarters and days from the hours
 * (each a small fraction of the one below), instead of every record three times.
 */
export function backfillStatements(source: SQL): SQL[] {
  const coarser = (table: string, keys: string, sums: string) =>
    (['h', 'd'] as const).map((grain) => {
      const finer = grain === 'h' ? 'q' : 'h'
      const unit = grain === 'h' ? 'hour' : 'day'
      return sql.raw(`insert into users.${table} (grain, bucket_start, ${keys}, ${sums})
        select '${grain}', date_trunc('${unit}', bucket_start, 'UTC'), ${keys}, ${sums
          .split(', ')
          .map((column) => `sum(${column})`)
          .join(', ')}
        from users.${table} where grain = '${finer}' group by 2, ${keys}`)
    })
  return [
    sql`with src as (${source}) ${sql.raw(quarterCtes)} select 1`,
    ...coarser(
      'usage_dimensions',
      'dimension, value',
      'requests, errors, prompt_tokens, output_tokens, duration_ms',
    ),
    ...coarser('usage_users', 'priority, user_id', 'requests, errors, prompt_tokens, output_tokens'),
    ...coarser('usage_latency', 'metric, priority, bin', 'count'),
  ]
}
