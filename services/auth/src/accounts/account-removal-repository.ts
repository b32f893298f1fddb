import { eq } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { credentials } from '../schema.ts'

/** What the auth service holds of an account that is being deleted. */
export class AccountRemovalRepository {
  constructor(private readonly db: Db) {}

  async deleteCredentials(userId: string): Promise<void> {
    await this.db.delete(credentials).where(eq(credentials.userId, userId))
  }
}
