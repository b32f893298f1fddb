import { and, count, eq, gte, lt, min, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { loginFailures } from '../schema.ts'

/** Failed sign-ins, in the database so every replica counts the same attempts. */
export class LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  /** `at` is given, not `now()`: a row can then be found again by its key and time (see `remove`). */
  async record(throttleKeys: readonly string[], at: Date): Promise<void> {
    await this.db.insert(loginFailures).values(throttleKeys.map((throttleKey) => ({ throttleKey, at })))
  }

  /**
   * Removes one row per key recorded at `at` (rows with the same key and time are interchangeable).
   * Two attempts in the same millisecond removing at once must remove two rows, not the same one
   * twice (which left a failure behind for an attempt that was never checked): each locks the row it
   * picks and skips the ones another has locked.
   */
  async remove(throttleKeys: readonly string[], at: Date): Promise<void> {
    for (const throttleKey of throttleKeys) {
      await this.db.execute(sql`
        delete from ${loginFailures} where ctid in (
          select ctid from ${loginFailures}
          where ${loginFailures.throttleKey} = ${throttleKey} and ${loginFailures.at} = ${at.toISOString()}::timestamptz
          limit 1 for update skip locked)`)
    }
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
