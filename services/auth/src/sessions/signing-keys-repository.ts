import { gt } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { signingKeys } from '../schema.ts'

export type SigningKeyRow = typeof signingKeys.$inferSelect

export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  /** Keys still published (not expired), newest first. */
  listPublished(now: Date): Promise<SigningKeyRow[]> {
    return this.db
      .select()
      .from(signingKeys)
      .where(gt(signingKeys.expiresAt, now))
      .orderBy(signingKeys.createdAt)
  }

  async insert(values: typeof signingKeys.$inferInsert): Promise<void> {
    await this.db.insert(signingKeys).values(values)
  }
}
