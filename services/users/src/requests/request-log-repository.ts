import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { apiKeys, groups, usageRecords, users } from '../schema.ts'
import type { LogPosition } from './request-log-cursor.ts'

export interface RequestLogFilter {
  userId?: string
  keyId?: string
  groupId?: string
  model?: string
  backendId?: string
  endpoint?: string
  /** One status (503), or a class: 5 for 5xx. */
  status?: { exact: number } | { class: number }
  from?: Date
  to?: Date
}

/** Rows per query of an export: an index range each, small enough that nothing large is ever held. */
export const exportBatchSize = 1000

/**
 * The row with the names of who sent it, joined in the same statement (one query per page, and a
 * join on three primary keys costs nothing next to the page), and the exact position of the row:
 * `finished_at` to the microsecond, which a JavaScript Date would round to the millisecond.
 */
const columns = {
  record: usageRecords,
  username: users.username,
  keyName: apiKeys.name,
  groupName: groups.name,
  positionAt: sql<string>`to_char(${usageRecords.finishedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
}

export interface RequestLogRow {
  record: typeof usageRecords.$inferSelect
  username: string | null
  keyName: string | null
  groupName: string | null
  positionAt: string
}

/**
 * The usage records as a log, read by keyset on `(finished_at, id)`: every page, whatever its depth,
 * is one backward range of an index that ends in those two columns (schema.ts), where an offset would
 * read and discard every row before it.
 */
export class RequestLogRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, strictly older than `before` when given. */
  older(filter: RequestLogFilter, limit: number, before?: LogPosition): Promise<RequestLogRow[]> {
    const keyset = before
      ? sql`(${usageRecords.finishedAt}, ${usageRecords.id}) < (${before.at}::timestamptz, ${before.id})`
      : undefined
    return this.select(and(this.where(filter), keyset))
      .orderBy(desc(usageRecords.finishedAt), desc(usageRecords.id))
      .limit(limit)
  }

  /** Strictly newer than `after`, oldest first: a tail that fell behind catches up without a gap. */
  newer(filter: RequestLogFilter, limit: number, after: LogPosition): Promise<RequestLogRow[]> {
    const keyset = sql`(${usageRecords.finishedAt}, ${usageRecords.id}) > (${after.at}::timestamptz, ${after.id})`
    return this.select(and(this.where(filter), keyset))
      .orderBy(asc(usageRecords.finishedAt), asc(usageRecords.id))
      .limit(limit)
  }

  async byId(id: number): Promise<RequestLogRow | undefined> {
    const [row] = await this.select(eq(usageRecords.id, id)).limit(1)
    return row
  }

  /**
   * Every matching record, newest first, one batch per query. Batches are pulled, not pushed: the
   * next query runs only when the consumer asks for more, so a slow download never reads ahead.
   * Records that arrive during the export are newer than its first batch and are not included.
   */
  async *stream(filter: RequestLogFilter): AsyncGenerator<RequestLogRow[]> {
    let before: LogPosition | undefined
    for (;;) {
      const rows = await this.older(filter, exportBatchSize, before)
      if (rows.length > 0) yield rows
      if (rows.length < exportBatchSize) return
      const last = rows[rows.length - 1]!
      before = { at: last.positionAt, id: last.record.id }
    }
  }

  private select(where: SQL | undefined) {
    return this.db
      .select(columns)
      .from(usageRecords)
      .leftJoin(users, eq(users.id, usageRecords.userId))
      .leftJoin(apiKeys, eq(apiKeys.id, usageRecords.keyId))
      .leftJoin(groups, eq(groups.id, usageRecords.groupId))
      .where(where)
  }

  private where(filter: RequestLogFilter): SQL | undefined {
    const conditions: SQL[] = []
    if (filter.userId) conditions.push(eq(usageRecords.userId, filter.userId))
    if (filter.keyId) conditions.push(eq(usageRecords.keyId, filter.keyId))
    if (filter.groupId) conditions.push(eq(usageRecords.groupId, filter.groupId))
    if (filter.model) conditions.push(eq(usageRecords.model, filter.model))
    if (filter.backendId) conditions.push(eq(usageRecords.backendId, filter.backendId))
    if (filter.endpoint) conditions.push(eq(usageRecords.endpoint, filter.endpoint))
    // `status / 100` is the expression of the class index (schema.ts), written the same way.
    if (filter.status && 'exact' in filter.status)
      conditions.push(eq(usageRecords.status, filter.status.exact))
    else if (filter.status) conditions.push(sql`(${usageRecords.status} / 100) = ${filter.status.class}`)
    if (filter.from) conditions.push(gte(usageRecords.finishedAt, filter.from))
    if (filter.to) conditions.push(lt(usageRecords.finishedAt, filter.to))
    return and(...conditions)
  }
}
