import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { rowsOf, type Db, type RefusalCount, type UsageRecord, type UsageTotals } from '@corral/core'
import { usageRecords } from '../schema.ts'
import { backfillStatements, rollupCtes } from './usage-rollup-sql.ts'

/** The columns sent as arrays and unnested as they are (backends_tried needs a cast: see insertBatch). */
const unnestColumns = `request_id, user_id, key_id, group_id, model, backend_id, endpoint, source, status,
  prompt_tokens, output_tokens, queue_wait_ms, time_to_first_token_ms, duration_ms, priority, error, requeues`
const recordColumns = `${unnestColumns}, backends_tried, finished_at`

export interface UsageFilter {
  from?: Date
  to?: Date
  userId?: string
  keyId?: string
  model?: string
}

export interface UsageAggregate {
  key: string | null
  requests: number
  promptTokens: number
  outputTokens: number
  errors: number
  meanQueueWaitMs: number
  meanTimeToFirstTokenMs: number | null
}

const aggregateColumns = {
  requests: sql<number>`count(*)::int`,
  promptTokens: sql<number>`coalesce(sum(${usageRecords.promptTokens}), 0)::bigint`,
  outputTokens: sql<number>`coalesce(sum(${usageRecords.outputTokens}), 0)::bigint`,
  // 499 is a client that left or stopped its answer: its choice, not a failure.
  errors: sql<number>`count(*) filter (where (${usageRecords.status} >= 400 and ${usageRecords.status} <> 499) or ${usageRecords.error} is not null)::int`,
  meanQueueWaitMs: sql<number>`coalesce(avg(${usageRecords.queueWaitMs}), 0)::float8`,
  meanTimeToFirstTokenMs: sql<number | null>`avg(${usageRecords.timeToFirstTokenMs})::float8`,
}

export class UsageRepository {
  constructor(private readonly db: Db) {}

  /**
   * One statement of fixed shape for the whole batch: each column travels as one array parameter and
   * `unnest` turns them back into rows. Building a multi-row VALUES list costs five times as much CPU,
   * which the proxy's event loop would feel on the embedded database. The dashboard rollups are
   * updated by the same statement (usage-rollup-sql.ts), so they always agree with the records.
   */
  async insertBatch(records: readonly UsageRecord[]): Promise<void> {
    if (records.length === 0) return
    const column = <T>(pick: (record: UsageRecord) => T) => sql.param(records.map(pick))
    // backends_tried travels as one array literal per row (unnest flattens an array of arrays).
    const tried = (r: UsageRecord) =>
      r.backendsTried ? `{${r.backendsTried.map(arrayElement).join(',')}}` : null
    await this.db.execute(sql`
      with src as (
        select ${sql.raw(unnestColumns)}, tried::text[] as backends_tried, finished_at from unnest(
          ${column((r) => r.requestId)}::text[], ${column((r) => r.userId)}::uuid[], ${column((r) => r.keyId)}::uuid[],
          ${column((r) => r.groupId)}::uuid[], ${column((r) => r.model)}::text[], ${column((r) => r.backendId)}::text[],
          ${column((r) => r.endpoint)}::text[], ${column((r) => r.source)}::text[], ${column((r) => r.status)}::int[],
          ${column((r) => r.promptTokens)}::int[], ${column((r) => r.outputTokens)}::int[],
          ${column((r) => Math.round(r.queueWaitMs))}::int[],
          ${column((r) => (r.timeToFirstTokenMs === null ? null : Math.round(r.timeToFirstTokenMs)))}::int[],
          ${column((r) => Math.round(r.durationMs))}::int[], ${column((r) => r.priority)}::int[],
          ${column((r) => r.error)}::text[], ${column((r) => r.requeues ?? 0)}::int[], ${column(tried)}::text[],
          ${column((r) => r.finishedAt.toISOString())}::timestamptz[])
        as u(${sql.raw(unnestColumns)}, tried, finished_at)
      ), inserted as (
        insert into ${usageRecords} (${sql.raw(recordColumns)}) select * from src
      ) ${rollupCtes()}
      select 1`)
  }

  /**
   * Builds the rollups from the records once, when they are empty but records exist (an upgrade from a
   * version without them). The table lock keeps another instance's batches out until it is done.
   */
  async backfillRollups(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`lock table ${usageRecords} in share row exclusive mode`)
      const [state] = await rowsOf<{ needed: boolean }>(
        tx,
        sql`select exists (select 1 from ${usageRecords}) and not exists (select 1 from users.usage_minutes) as needed`,
      )
      if (!state?.needed) return false
      for (const statement of backfillStatements(sql`select * from ${usageRecords}`))
        await tx.execute(statement)
      return true
    })
  }

  /** Adds per-minute refusal counts (the recorder has already summed its batch by key). */
  async insertRefusals(counts: readonly RefusalCount[]): Promise<void> {
    if (counts.length === 0) return
    const column = <T>(pick: (count: RefusalCount) => T) => sql.param(counts.map(pick))
    await this.db.execute(sql`
      insert into users.refusal_minutes as t (bucket_start, reason, priority, status, count)
      select date_trunc('minute', b), reason, priority, status, sum(n)::int
      from unnest(${column((c) => c.minute.toISOString())}::timestamptz[], ${column((c) => c.reason)}::text[],
        ${column((c) => c.priority)}::int[], ${column((c) => c.status)}::int[], ${column((c) => c.count)}::int[])
        as u(b, reason, priority, status, n)
      group by 1, 2, 3, 4
      on conflict (bucket_start, reason, priority, status) do update set count = t.count + excluded.count`)
  }

  records(filter: UsageFilter, limit: number, offset: number) {
    return this.db
      .select()
      .from(usageRecords)
      .where(this.where(filter))
      .orderBy(desc(usageRecords.finishedAt), desc(usageRecords.id))
      .limit(limit)
      .offset(offset)
  }

  async totals(filter: UsageFilter): Promise<UsageAggregate> {
    const [row] = await this.db.select(aggregateColumns).from(usageRecords).where(this.where(filter))
    return normalize({ key: null, ...row! })
  }

  async groupedBy(filter: UsageFilter, column: 'model' | 'userId' | 'keyId'): Promise<UsageAggregate[]> {
    const key = usageRecords[column]
    const rows = await this.db
      .select({ key: sql<string | null>`${key}::text`, ...aggregateColumns })
      .from(usageRecords)
      .where(this.where(filter))
      .groupBy(key)
      .orderBy(sql`count(*) desc`)
      .limit(200)
    return rows.map(normalize)
  }

  async overTime(filter: UsageFilter, bucket: 'hour' | 'day'): Promise<UsageAggregate[]> {
    // Inlined, not bound: PostgreSQL must see the same expression in SELECT and GROUP BY ('hour' | 'day' only).
    const start = sql<string>`date_trunc(${sql.raw(bucket === 'day' ? "'day'" : "'hour'")}, ${usageRecords.finishedAt} at time zone 'UTC')`
    const rows = await this.db
      .select({ key: sql<string>`to_char(${start}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`, ...aggregateColumns })
      .from(usageRecords)
      .where(this.where(filter))
      .groupBy(start)
      .orderBy(start)
      .limit(2000)
    return rows.map(normalize)
  }

  /** Tokens used since `since`, per key and per group: seeds quota counters after a restart. */
  async totalsSince(since: Date): Promise<UsageTotals> {
    const tokens = sql<number>`coalesce(sum(${usageRecords.promptTokens} + ${usageRecords.outputTokens}), 0)::bigint`
    const where = gte(usageRecords.finishedAt, since)
    const [byKey, byGroup] = await Promise.all([
      this.db
        .select({ id: usageRecords.keyId, tokens })
        .from(usageRecords)
        .where(and(where, sql`${usageRecords.keyId} is not null`))
        .groupBy(usageRecords.keyId),
      this.db
        .select({ id: usageRecords.groupId, tokens })
        .from(usageRecords)
        .where(and(where, sql`${usageRecords.groupId} is not null`))
        .groupBy(usageRecords.groupId),
    ])
    return {
      byKey: new Map(byKey.map((row) => [row.id!, Number(row.tokens)])),
      byGroup: new Map(byGroup.map((row) => [row.id!, Number(row.tokens)])),
    }
  }

  private where(filter: UsageFilter): SQL | undefined {
    const conditions: SQL[] = []
    if (filter.from) conditions.push(gte(usageRecords.finishedAt, filter.from))
    if (filter.to) conditions.push(lt(usageRecords.finishedAt, filter.to))
    if (filter.userId) conditions.push(eq(usageRecords.userId, filter.userId))
    if (filter.keyId) conditions.push(eq(usageRecords.keyId, filter.keyId))
    if (filter.model) conditions.push(eq(usageRecords.model, filter.model))
    return and(...conditions)
  }
}

/** One element of a PostgreSQL array literal, quoted so that commas, braces and quotes stay inside it. */
function arrayElement(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/** node-postgres returns bigint sums as strings; PGlite as numbers. */
function normalize(row: UsageAggregate): UsageAggregate {
  return {
    key: row.key,
    requests: Number(row.requests),
    promptTokens: Number(row.promptTokens),
    outputTokens: Number(row.outputTokens),
    errors: Number(row.errors),
    meanQueueWaitMs: Number(row.meanQueueWaitMs),
    meanTimeToFirstTokenMs: row.meanTimeToFirstTokenMs === null ? null : Number(row.meanTimeToFirstTokenMs),
  }
}
