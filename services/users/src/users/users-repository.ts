import { and, count, eq, ilike, isNull, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { usernameKey } from '@corral/core'
import { groups, users } from '../schema.ts'

export type UserRow = typeof users.$inferSelect
export type UserWithGroup = UserRow & { groupName: string; groupPriority: number }

const withGroup = { user: users, groupName: groups.name, groupPriority: groups.priority }

function flatten(row: { user: UserRow; groupName: string; groupPriority: number }): UserWithGroup {
  return { ...row.user, groupName: row.groupName, groupPriority: row.groupPriority }
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<UserWithGroup | undefined> {
    const [row] = await this.db
      .select(withGroup)
      .from(users)
      .innerJoin(groups, eq(groups.id, users.groupId))
      .where(eq(users.id, id))
    return row && flatten(row)
  }

  /** Usernames are unique without regard to case or width (see `usernameKey`). */
  async findByUsername(username: string): Promise<UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(eq(users.usernameKey, usernameKey(username)))
    return row
  }

  async insert(values: Omit<typeof users.$inferInsert, 'usernameKey'>): Promise<UserRow> {
    const [row] = await this.db
      .insert(users)
      .values({ ...values, usernameKey: usernameKey(values.username) })
      .returning()
    return row!
  }

  async update(id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
    const [row] = await this.db
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning()
    return row
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(users).where(eq(users.id, id))
  }

  async list(filter: {
    q?: string
    limit: number
    offset: number
  }): Promise<{ users: UserWithGroup[]; total: number }> {
    const where = filter.q ? ilike(users.username, `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`) : undefined
    const [rows, [totalRow]] = await Promise.all([
      this.db
        .select(withGroup)
        .from(users)
        .innerJoin(groups, eq(groups.id, users.groupId))
        .where(where)
        .orderBy(users.username)
        .limit(filter.limit)
        .offset(filter.offset),
      this.db.select({ total: count() }).from(users).where(where),
    ])
    return { users: rows.map(flatten), total: totalRow?.total ?? 0 }
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(users)
    return row?.total ?? 0
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    return row?.total ?? 0
  }

  async usernames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(sql`${users.id} = any(${sql.param([...ids])}::uuid[])`)
    return new Map(rows.map((row) => [row.id, row.username]))
  }
}
