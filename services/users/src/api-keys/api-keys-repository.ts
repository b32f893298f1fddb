import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { apiKeys, groups, users } from '../schema.ts'

export type ApiKeyRow = typeof apiKeys.$inferSelect
export type NewApiKey = typeof apiKeys.$inferInsert

/** A key with the user and group it acts for: everything identity resolution needs, in one query. */
export interface ApiKeyWithOwner {
  key: ApiKeyRow
  user: typeof users.$inferSelect
  group: typeof groups.$inferSelect
}

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  async insert(values: NewApiKey): Promise<ApiKeyRow> {
    const [row] = await this.db.insert(apiKeys).values(values).returning()
    return row!
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
