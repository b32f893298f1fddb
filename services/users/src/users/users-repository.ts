import { and, count, eq, ilike, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { CappedTotal, Db, Role } from '@corral/core'
import { countUpTo, usernameKey } from '@corral/core'
import type { UserSort } from '@corral/contracts'
import { AuditRepository } from '../audit/audit-repository.ts'
import { apiKeys, groups, ollamaKeys, users } from '../schema.ts'

export type UserRow = typeof users.$inferSelect
export type UserWithGroup = UserRow & { groupName: string; groupPriority: number }
export type ListedUser = UserWithGroup & { activeKeyCount: number }

export interface UserListFilter {
  q?: string
  role?: Role
  groupId?: string
  status?: 'active' | 'disabled'
  sort?: UserSort
  order?: 'asc' | 'desc'
  limit: number
  offset: number
}

/** What a transaction that may take away an admin works with (see `UsersRepository.transaction`). */
export interface UsersTransaction {
  users: UsersRepository
  audit: Pick<AuditRepository, 'insert' | 'insertMany'>
  /** Enabled admins, locked until the transaction ends. */
  enabledAdminIds: string[]
}

const withGroup = { user: users, groupName: groups.name, groupPriority: groups.priority }

function flatten(row: { user: UserRow; groupName: string; groupPriority: number }): UserWithGroup {
  return { ...row.user, groupName: row.groupName, groupPriority: row.groupPriority }
}

/** Every sort ends on the id, so pages never overlap or skip rows with equal values. */
function orderOf(sort: UserSort, order: 'asc' | 'desc', searched: boolean): SQL[] {
  const direction = sql.raw(order)
  switch (sort) {
    case 'created_at':
      return [sql`${users.createdAt} ${direction}`, sql`${users.id} ${direction}`]
    case 'last_active_at':
      // "Newest first" puts the never-active last; the reverse order puts them first (one index serves both).
      return order === 'desc'
        ? [sql`${users.lastActiveAt} desc nulls last`, sql`${users.id} desc nulls last`]
        : [sql`${users.lastActiveAt} asc nulls first`, sql`${users.id} asc nulls first`]
    case 'role':
      return [sql`${users.role} ${direction}`, sql`lower(${users.username}) asc`, sql`${users.id} asc`]
    // The unique lookup key (`usernameKey`: a lower-cased username) orders by name through its index,
    // in both directions; being unique, it needs no id after it. A search matches part of the name, so
    // its matches bunch together in name order ("dee." comes after every "ada.", "bo." and "cy."), and
    // walking that index to them read 60,000 rows on PGlite; `|| ''` (the same order) hides the index, so
    // the trigram index finds the matches and only they are sorted (docs/performance.md).
    case 'username':
      return [
        searched ? sql`(${users.usernameKey} || '') ${direction}` : sql`${users.usernameKey} ${direction}`,
      ]
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')

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

  async findManyById(ids: readonly string[]): Promise<UserWithGroup[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .select(withGroup)
      .from(users)
      .innerJoin(groups, eq(groups.id, users.groupId))
      .where(sql`${users.id} = any(${sql.param([...ids])}::uuid[])`)
    return rows.map(flatten)
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

  /** Many users in one statement (seeding, imports). */
  async insertMany(values: Omit<typeof users.$inferInsert, 'usernameKey'>[]): Promise<UserRow[]> {
    if (values.length === 0) return []
    return this.db
      .insert(users)
      .values(values.map((row) => ({ ...row, usernameKey: usernameKey(row.username) })))
      .returning()
  }

  async update(
    id: string,
    values: Partial<Omit<typeof users.$inferInsert, 'usernameKey'>>,
  ): Promise<UserRow | undefined> {
    const key = values.username === undefined ? {} : { usernameKey: usernameKey(values.username) }
    const [row] = await this.db
      .update(users)
      .set({ ...values, ...key, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning()
    return row
  }

  async updateMany(ids: readonly string[], values: Partial<typeof users.$inferInsert>): Promise<void> {
    if (ids.length === 0) return
    await this.db
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(sql`${users.id} = any(${sql.param([...ids])}::uuid[])`)
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(users).where(eq(users.id, id))
  }

  /**
   * Runs `work` in one transaction that first locks every enabled admin's row: of two admins demoting
   * (or disabling, or deleting) each other at once, the second waits and then sees the first's change,
   * so the last admin cannot be lost. Its audit records are written in the same transaction.
   */
  transaction<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Db
      const admins = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
        .for('update')
      return work({
        users: new UsersRepository(db),
        audit: new AuditRepository(db),
        enabledAdminIds: admins.map((admin) => admin.id),
      })
    })
  }

  async list(filter: UserListFilter): Promise<{ users: ListedUser[] } & CappedTotal> {
    const conditions: SQL[] = []
    if (filter.q) conditions.push(ilike(users.username, `%${escapeLike(filter.q)}%`))
    if (filter.role) conditions.push(eq(users.role, filter.role))
    if (filter.groupId) conditions.push(eq(users.groupId, filter.groupId))
    if (filter.status === 'active') conditions.push(isNull(users.disabledAt))
    if (filter.status === 'disabled') conditions.push(isNotNull(users.disabledAt))
    const where = and(...conditions)
    const [rows, counted] = await Promise.all([
      this.db
        .select(withGroup)
        .from(users)
        .innerJoin(groups, eq(groups.id, users.groupId))
        .where(where)
        .orderBy(...orderOf(filter.sort ?? 'username', filter.order ?? 'asc', Boolean(filter.q)))
        .limit(filter.limit)
        .offset(filter.offset),
      countUpTo(this.db, this.db.select({ id: users.id }).from(users).where(where)),
    ])
    const keyCounts = await this.activeKeyCounts(rows.map((row) => row.user.id))
    return {
      users: rows.map((row) => ({ ...flatten(row), activeKeyCount: keyCounts.get(row.user.id) ?? 0 })),
      ...counted,
    }
  }

  /** Keys not revoked, for one page of users (an index range per user, never the whole table). */
  async activeKeyCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map()
    const rows = await this.db
      .select({ userId: apiKeys.userId, total: count() })
      .from(apiKeys)
      .where(and(sql`${apiKeys.userId} = any(${sql.param([...userIds])}::uuid[])`, isNull(apiKeys.revokedAt)))
      .groupBy(apiKeys.userId)
    return new Map(rows.map((row) => [row.userId, row.total]))
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

  /** Latest activity per user, from a batch of usage records: one statement, off the hot path. */
  async touchActivity(lastActive: ReadonlyMap<string, Date>): Promise<void> {
    if (lastActive.size === 0) return
    const ids = [...lastActive.keys()]
    const times = ids.map((id) => lastActive.get(id)!.toISOString())
    await this.db.execute(sql`
      update ${users} set last_active_at = greatest(coalesce(${users.lastActiveAt}, 'epoch'), batch.at)
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(times)}::timestamptz[]) as batch(id, at)
      where ${users.id} = batch.id`)
  }

  /** The owners of a batch of used API and Ollama keys were active when their keys were. */
  async touchActivityFromKeys(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    if (lastUsed.size === 0) return
    const ids = [...lastUsed.keys()]
    const times = ids.map((id) => lastUsed.get(id)!.toISOString())
    await this.db.execute(sql`
      update ${users} set last_active_at = greatest(coalesce(${users.lastActiveAt}, 'epoch'), used.at)
      from (
        select owner.user_id, max(batch.at) as at
        from unnest(${sql.param(ids)}::uuid[], ${sql.param(times)}::timestamptz[]) as batch(id, at)
        join (select id, user_id from ${apiKeys} union all select id, user_id from ${ollamaKeys}) as owner
          on owner.id = batch.id
        group by owner.user_id
      ) as used
      where ${users.id} = used.user_id`)
  }
}
