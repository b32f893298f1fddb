import { and, desc, eq, gte, like, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { AuditEntry, CappedTotal, Db } from '@corral/core'
import { countUpTo } from '@corral/core'
import { auditLog } from '../schema.ts'

export interface AuditFilter {
  /** An action, or a family ending in a dot (`user.`) for all of its actions. */
  action?: string
  actorUserId?: string
  /** The actor's username, in any letter case. */
  actor?: string
  targetType?: string
  targetId?: string
  /** Entries by this user or about them. */
  userId?: string
  from?: Date
  to?: Date
}

export type AuditRow = typeof auditLog.$inferSelect

/** Rows per query of the CSV export: enough to stream fast, few enough to hold nothing large. */
const exportBatchSize = 500

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.insertMany([entry])
  }

  async insertMany(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return
    await this.db.insert(auditLog).values(
      entries.map((entry) => ({
        actorUserId: entry.actorUserId,
        actorUsername: entry.actorUsername,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        subjectUserId: entry.subjectUserId ?? (entry.targetType === 'user' ? (entry.targetId ?? null) : null),
        details: entry.details ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
        ip: entry.ip,
      })),
    )
  }

  async list(
    filter: AuditFilter & { limit: number; offset: number },
  ): Promise<{ entries: AuditRow[] } & CappedTotal> {
    const where = this.where(filter)
    const [entries, counted] = await Promise.all([
      this.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(filter.limit)
        .offset(filter.offset),
      countUpTo(this.db, this.db.select({ id: auditLog.id }).from(auditLog).where(where)),
    ])
    return { entries, ...counted }
  }

  /**
   * Every matching row, newest first, one batch per query (keyset on the id, so each batch is an
   * index range and the table is never read into memory whole).
   */
  async *stream(filter: AuditFilter): AsyncGenerator<AuditRow[]> {
    let before: number | undefined
    for (;;) {
      const rows = await this.db
        .select()
        .from(auditLog)
        .where(and(this.where(filter), before === undefined ? undefined : lt(auditLog.id, before)))
        .orderBy(desc(auditLog.id))
        .limit(exportBatchSize)
      if (rows.length > 0) yield rows
      if (rows.length < exportBatchSize) return
      before = rows[rows.length - 1]!.id
    }
  }

  private where(filter: AuditFilter): SQL | undefined {
    const conditions: (SQL | undefined)[] = []
    if (filter.action?.endsWith('.'))
      conditions.push(like(auditLog.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}%`))
    else if (filter.action) conditions.push(eq(auditLog.action, filter.action))
    if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId))
    if (filter.actor) conditions.push(sql`lower(${auditLog.actorUsername}) = lower(${filter.actor})`)
    if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType))
    if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId))
    if (filter.userId)
      conditions.push(or(eq(auditLog.actorUserId, filter.userId), eq(auditLog.subjectUserId, filter.userId)))
    if (filter.from) conditions.push(gte(auditLog.at, filter.from))
    if (filter.to) conditions.push(lte(auditLog.at, filter.to))
    return and(...conditions)
  }
}
