import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm'
import type { AuditEntry, Db } from '@corral/core'
import { auditLog } from '../schema.ts'

export interface AuditFilter {
  action?: string
  actorUserId?: string
  targetId?: string
  from?: Date
  to?: Date
  limit: number
  offset: number
}

export type AuditRow = typeof auditLog.$inferSelect

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.db.insert(auditLog).values({
      actorUserId: entry.actorUserId,
      actorUsername: entry.actorUsername,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? null,
      ip: entry.ip,
    })
  }

  async list(filter: AuditFilter): Promise<{ entries: AuditRow[]; total: number }> {
    const conditions: SQL[] = []
    if (filter.action) conditions.push(eq(auditLog.action, filter.action))
    if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId))
    if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId))
    if (filter.from) conditions.push(gte(auditLog.at, filter.from))
    if (filter.to) conditions.push(lte(auditLog.at, filter.to))
    const where = and(...conditions)
    const [entries, [totalRow]] = await Promise.all([
      this.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(filter.limit)
        .offset(filter.offset),
      this.db.select({ total: count() }).from(auditLog).where(where),
    ])
    return { entries, total: totalRow?.total ?? 0 }
  }
}
