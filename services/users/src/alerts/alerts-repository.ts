import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { alertDeliveries, alertRules, alertTargets } from '../schema.ts'

export type AlertRuleRow = typeof alertRules.$inferSelect
export type AlertTargetRow = typeof alertTargets.$inferSelect
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect
export type NewAlertDelivery = typeof alertDeliveries.$inferInsert

/** The delivery log keeps this many attempts; older ones are trimmed as new ones arrive. */
export const deliveryLogBound = 10_000

/** The alerts module's SQL: rules, targets and the delivery log. */
export class AlertsRepository {
  constructor(private readonly db: Db) {}

  listRules(): Promise<AlertRuleRow[]> {
    return this.db.select().from(alertRules).orderBy(alertRules.createdAt, alertRules.id)
  }

  async getRule(id: string): Promise<AlertRuleRow | undefined> {
    return (await this.db.select().from(alertRules).where(eq(alertRules.id, id)))[0]
  }

  async insertRule(values: typeof alertRules.$inferInsert): Promise<AlertRuleRow> {
    return (await this.db.insert(alertRules).values(values).returning())[0]!
  }

  async updateRule(
    id: string,
    values: Partial<typeof alertRules.$inferInsert>,
  ): Promise<AlertRuleRow | undefined> {
    const rows = await this.db
      .update(alertRules)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(alertRules.id, id))
      .returning()
    return rows[0]
  }

  async deleteRule(id: string): Promise<AlertRuleRow | undefined> {
    return (await this.db.delete(alertRules).where(eq(alertRules.id, id)).returning())[0]
  }

  listTargets(): Promise<AlertTargetRow[]> {
    return this.db.select().from(alertTargets).orderBy(alertTargets.createdAt, alertTargets.id)
  }

  async insertTarget(values: typeof alertTargets.$inferInsert): Promise<AlertTargetRow> {
    return (await this.db.insert(alertTargets).values(values).returning())[0]!
  }

  async updateTarget(
    id: string,
    values: Partial<typeof alertTargets.$inferInsert>,
  ): Promise<AlertTargetRow | undefined> {
    const rows = await this.db
      .update(alertTargets)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(alertTargets.id, id))
      .returning()
    return rows[0]
  }

  /** Deletes a target and takes it out of every rule that sends to it, in one transaction. */
  async deleteTarget(id: string): Promise<AlertTargetRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.delete(alertTargets).where(eq(alertTargets.id, id)).returning()
      if (row) {
        await tx
          .update(alertRules)
          .set({ targetIds: sql`array_remove(${alertRules.targetIds}, ${id}::uuid)` })
          .where(sql`${id}::uuid = any(${alertRules.targetIds})`)
      }
      return row
    })
  }

  async insertDelivery(values: NewAlertDelivery): Promise<void> {
    await this.db.insert(alertDeliveries).values(values)
  }

  /** Keeps the newest `bound` attempts: one indexed range delete on the primary key. */
  async trimDeliveries(bound = deliveryLogBound): Promise<void> {
    await this.db.execute(sql`
      delete from ${alertDeliveries} where ${alertDeliveries.id} <= (
        select ${alertDeliveries.id} from ${alertDeliveries} order by ${alertDeliveries.id} desc offset ${bound} limit 1
      )`)
  }

  listDeliveries(filter: { targetId?: string; ruleId?: string; limit: number }): Promise<AlertDeliveryRow[]> {
    const where: SQL[] = []
    if (filter.targetId) where.push(eq(alertDeliveries.targetId, filter.targetId))
    if (filter.ruleId) where.push(eq(alertDeliveries.ruleId, filter.ruleId))
    return this.db
      .select()
      .from(alertDeliveries)
      .where(and(...where))
      .orderBy(desc(alertDeliveries.id))
      .limit(filter.limit)
  }
}
