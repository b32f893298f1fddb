import { eq } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { credentials } from '../schema.ts'

export class CredentialsRepository {
  constructor(private readonly db: Db) {}

  async find(userId: string): Promise<string | undefined> {
    const [row] = await this.db.select().from(credentials).where(eq(credentials.userId, userId))
    return row?.passwordHash
  }

  async upsert(userId: string, passwordHash: string): Promise<void> {
    await this.db
      .insert(credentials)
      .values({ userId, passwordHash })
      .onConflictDoUpdate({
        target: credentials.userId,
        set: { passwordHash, passwordChangedAt: new Date() },
      })
  }
}
