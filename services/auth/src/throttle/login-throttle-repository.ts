import { and, count, eq, gte, lt, min } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { loginFailures } from '../schema.ts'

/** Failed sign-ins, in the database so every replica counts the same attempts. */
export class LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async record(throttleKeys: readonly string[]): Promise<void> {
    await this.db.insert(loginFailures).values(throttleKeys.map((throttleKey) => ({ throttleKey })))
  }

  async failuresSince(throttleKey: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await this.db
      .select({ count: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.throttleKey, throttleKey), gte(loginFailures.at, since)))
    return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null }
  }

  async clear(throttleKey: string): Promise<void> {
    await this.db.delete(loginFailures).where(eq(loginFailures.throttleKey, throttleKey))
  }

  async purge(before: Date): Promise<void> {
    await this.db.delete(loginFailures).where(lt(loginFailures.at, before))
  }
}
