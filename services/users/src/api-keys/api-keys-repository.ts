import { and, count, desc, eq, gt, gte, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { KeySort, KeyStatus } from '@corral/contracts'
import type { CappedTotal, Db } from '@corral/core'
import { countUpTo } from '@corral/core'
import { apiKeys, groups, users } from '../schema.ts'

export type ApiKeyRow = typeof apiKeys.$inferSelect
export type NewApiKey = typeof apiKeys.$inferInsert

/** A key with the user and group it acts for: everything identity resolution needs, in one query. */
export interface ApiKeyWithOwner {
  key: ApiKeyRow
  user: typeof users.$inferSelect
  group: typeof groups.$inferSelect
}

export interface KeyListFilter {
  q?: string
  userId?: string
  groupId?: string
  status?: KeyStatus
  lastUsedAfter?: Date
  lastUsedBefore?: Date
  neverUsed?: boolean
  sort?: KeySort
  order?: 'asc' | 'desc'
  limit: number
  offset: number
}

export type ListedKey = ApiKeyRow & {
  username: string
  groupId: string
  groupName: string
  groupPriority: number
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')

function statusCondition(status: KeyStatus): SQL | undefined {
  const now = sql`now()`
  switch (status) {
    case 'revoked':
      return isNotNull(apiKeys.revokedAt)
    case 'expired':
      return and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, now))
    case 'active':
      return and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)))
  }
}

/** Every sort ends on the id, so pages never overlap; "never" sorts last when newest come first. */
function orderOf(sort: KeySort, order: 'asc' | 'desc'): SQL[] {
  const direction = sql.raw(order)
  const nulls = sql.raw(order === 'desc' ? 'nulls last' : 'nulls first')
  switch (sort) {
    case 'created_at':
      return [sql`${apiKeys.createdAt} ${direction}`, sql`${apiKeys.id} ${direction}`]
    // The id's nulls clause matches the index's (`id desc nulls last`), or PostgreSQL would not use it.
    case 'last_used_at':
      return [sql`${apiKeys.lastUsedAt} ${direction} ${nulls}`, sql`${apiKeys.id} ${direction} ${nulls}`]
    case 'expires_at':
      return [sql`${apiKeys.expiresAt} ${direction} ${nulls}`, sql`${apiKeys.id} ${direction} ${nulls}`]
    case 'name':
      return [sql`lower(${apiKeys.name}) ${direction}`, sql`${apiKeys.id} ${direction}`]
    case 'username':
      // The owner's unique lookup key (a lower-cased username) has an index; lower(username) has none.
      return [sql`${users.usernameKey} ${direction}`, sql`${apiKeys.createdAt} desc`, sql`${apiKeys.id} desc`]
  }
}

const listedColumns = {
  key: apiKeys,
  username: users.username,
  groupId: groups.id,
  groupName: groups.name,
  groupPriority: groups.priority,
}

function flattenListed(row: {
  key: ApiKeyRow
  username: string
  groupId: string
  groupName: string
  groupPriority: number
}): ListedKey {
  const { key, ...owner } = row
  return { ...key, ...owner }
}

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  async insert(values: NewApiKey): Promise<ApiKeyRow> {
    const [row] = await this.db.insert(apiKeys).values(values).returning()
    return row!
  }

  /** Many keys in one statement (seeding, imports). */
  async insertMany(values: NewApiKey[]): Promise<void> {
    if (values.length > 0) await this.db.insert(apiKeys).values(values)
  }

  /** A key with its owner's name and group, as the admin list shows it. */
  private selectListed() {
    return this.db
      .select(listedColumns)
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .innerJoin(groups, eq(groups.id, users.groupId))
  }

  async findBySecretHash(secretHash: string): Promise<ApiKeyWithOwner | undefined> {
    const [row] = await this.db
      .select({ key: apiKeys, user: users, group: groups })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .innerJoin(groups, eq(groups.id, users.groupId))
      .where(eq(apiKeys.secretHash, secretHash))
    return row
  }

  /** Scoped by owner: a user's request can only ever see that user's keys. */
  async findForUser(userId: string, keyId: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId)))
    return row
  }

  async findById(keyId: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, keyId))
    return row
  }

  /** Every key across users, filtered, sorted and paged in the database; the total with it. */
  async listAll(filter: KeyListFilter): Promise<{ keys: ListedKey[] } & CappedTotal> {
    const conditions: (SQL | undefined)[] = []
    if (filter.q) {
      // Starts-with on both (index ranges on 300,000 keys); the prefix is compared as typed.
      const start = `${escapeLike(filter.q)}%`
      conditions.push(
        or(sql`lower(${apiKeys.name}) like ${start.toLowerCase()}`, sql`${apiKeys.prefix} like ${start}`),
      )
    }
    if (filter.userId) conditions.push(eq(apiKeys.userId, filter.userId))
    if (filter.groupId) conditions.push(eq(users.groupId, filter.groupId))
    if (filter.status) conditions.push(statusCondition(filter.status))
    if (filter.lastUsedAfter) conditions.push(gte(apiKeys.lastUsedAt, filter.lastUsedAfter))
    if (filter.lastUsedBefore) conditions.push(lte(apiKeys.lastUsedAt, filter.lastUsedBefore))
    if (filter.neverUsed === true) conditions.push(isNull(apiKeys.lastUsedAt))
    if (filter.neverUsed === false) conditions.push(isNotNull(apiKeys.lastUsedAt))
    const where = and(...conditions)
    // Only a group filter needs the owner in the count; the rest counts keys alone.
    const matching =
      filter.groupId === undefined
        ? this.db.select({ id: apiKeys.id }).from(apiKeys)
        : this.db.select({ id: apiKeys.id }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId))
    const [rows, counted] = await Promise.all([
      this.selectListed()
        .where(where)
        .orderBy(...orderOf(filter.sort ?? 'created_at', filter.order ?? 'desc'))
        .limit(filter.limit)
        .offset(filter.offset),
      countUpTo(this.db, matching.where(where)),
    ])
    return { keys: rows.map(flattenListed), ...counted }
  }

  async findListed(keyId: string): Promise<ListedKey | undefined> {
    const [row] = await this.selectListed().where(eq(apiKeys.id, keyId))
    return row && flattenListed(row)
  }

  async listForUser(userId: string, includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), includeRevoked ? undefined : isNull(apiKeys.revokedAt)))
      .orderBy(desc(apiKeys.createdAt))
  }

  async countActiveForUser(userId: string): Promise<number> {
    const [row] = await this.db
      .select({ total: count() })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    return row?.total ?? 0
  }

  async revoke(keyId: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning()
    return row
  }

  async names(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db
      .select({ id: apiKeys.id, name: apiKeys.name })
      .from(apiKeys)
      .where(sql`${apiKeys.id} = any(${sql.param([...ids])}::uuid[])`)
    return new Map(rows.map((row) => [row.id, row.name]))
  }

  /** One statement for a whole batch of "last used" times (written off the hot path). */
  async touch(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    if (lastUsed.size === 0) return
    const ids = [...lastUsed.keys()]
    const times = ids.map((id) => lastUsed.get(id)!.toISOString())
    await this.db.execute(sql`
      update ${apiKeys} set last_used_at = greatest(coalesce(${apiKeys.lastUsedAt}, 'epoch'), batch.at)
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(times)}::timestamptz[]) as batch(id, at)
      where ${apiKeys.id} = batch.id`)
  }
}
