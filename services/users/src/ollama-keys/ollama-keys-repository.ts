import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { groups, ollamaKeys, users } from '../schema.ts'

export type OllamaKeyRow = typeof ollamaKeys.$inferSelect

export class OllamaKeysRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof ollamaKeys.$inferInsert): Promise<OllamaKeyRow> {
    const [row] = await this.db.insert(ollamaKeys).values(values).returning()
    return row!
  }

  async findByPublicKey(publicKey: string) {
    const [row] = await this.db
      .select({ key: ollamaKeys, user: users, group: groups })
      .from(ollamaKeys)
      .innerJoin(users, eq(users.id, ollamaKeys.userId))
      .innerJoin(groups, eq(groups.id, users.groupId))
      .where(eq(ollamaKeys.publicKey, publicKey))
    return row
  }

  listForUser(userId: string): Promise<OllamaKeyRow[]> {
    return this.db
      .select()
      .from(ollamaKeys)
      .where(eq(ollamaKeys.userId, userId))
      .orderBy(desc(ollamaKeys.createdAt))
  }

  async deleteForUser(userId: string, id: string): Promise<OllamaKeyRow | undefined> {
    const [row] = await this.db
      .delete(ollamaKeys)
      .where(and(eq(ollamaKeys.id, id), eq(ollamaKeys.userId, userId)))
      .returning()
    return row
  }

  async touch(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    if (lastUsed.size === 0) return
    const ids = [...lastUsed.keys()]
    const times = ids.map((id) => lastUsed.get(id)!.toISOString())
    await this.db.execute(sql`
      update ${ollamaKeys} set last_used_at = greatest(coalesce(${ollamaKeys.lastUsedAt}, 'epoch'), batch.at)
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(times)}::timestamptz[]) as batch(id, at)
      where ${ollamaKeys.id} = batch.id`)
  }
}
