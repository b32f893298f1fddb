import { and, count, eq, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { apiKeys, groups, users } from '../schema.ts'
import { isUuid } from '../uuid.ts'

export type GroupRow = typeof groups.$inferSelect
export type NewGroup = typeof groups.$inferInsert

export const defaultGroupName = 'default'

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  async ensureDefaultGroup(): Promise<GroupRow> {
    await this.db
      .insert(groups)
      .values({ name: defaultGroupName, priority: 5, description: 'Everyone starts here' })
      .onConflictDoNothing()
    const [group] = await this.db.select().from(groups).where(eq(groups.name, defaultGroupName))
    return group!
  }

  async findById(id: string): Promise<GroupRow | undefined> {
    const [group] = await this.db.select().from(groups).where(eq(groups.id, id))
    return group
  }

  /** Admins may name a group by id or by name. */
  async findByIdOrName(reference: string): Promise<GroupRow | undefined> {
    const [group] = await this.db
      .select()
      .from(groups)
      .where(
        isUuid(reference)
          ? or(eq(groups.id, reference), eq(groups.name, reference))
          : eq(groups.name, reference),
      )
    return group
  }

  async listWithMemberCounts(): Promise<(GroupRow & { memberCount: number })[]> {
    const rows = await this.db
      .select({ group: groups, memberCount: count(users.id) })
      .from(groups)
      .leftJoin(users, eq(users.groupId, groups.id))
      .groupBy(groups.id)
      .orderBy(sql`${groups.priority} desc`, groups.name)
    return rows.map((row) => ({ ...row.group, memberCount: row.memberCount }))
  }

  async insert(values: NewGroup): Promise<GroupRow> {
    const [group] = await this.db.insert(groups).values(values).returning()
    return group!
  }

  /**
   * Saves a change and bumps the version, in one statement; with `expectedVersion` only if nobody
   * saved since (undefined back means: no such group, or a stale version).
   */
  async update(
    id: string,
    values: Partial<NewGroup>,
    expectedVersion?: number,
  ): Promise<GroupRow | undefined> {
    const [group] = await this.db
      .update(groups)
      .set({ ...values, version: sql`${groups.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(groups.id, id),
          expectedVersion === undefined ? undefined : eq(groups.version, expectedVersion),
        ),
      )
      .returning()
    return group
  }

  /** Active keys of the group's members that take the group's priority (no priority of their own). */
  async inheritingKeyCount(id: string): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(users.groupId, id), isNull(apiKeys.priority), isNull(apiKeys.revokedAt)))
    return row?.total ?? 0
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(groups).where(eq(groups.id, id))
  }

  async memberCount(id: string): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(users).where(eq(users.groupId, id))
    return row?.total ?? 0
  }
}
