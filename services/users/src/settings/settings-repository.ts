import { eq, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { settings } from '../schema.ts'

/** Not a setting: the count of saved changes, which guards against overwriting someone else's edit. */
const versionKey = 'settingsVersion'

/** Settings are stored one JSON value per top-level key, so concurrent edits of different keys merge. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async readAll(): Promise<Record<string, unknown>> {
    const rows = await this.db.select().from(settings)
    return Object.fromEntries(rows.map((row) => [row.key, row.value]))
  }

  async write(values: Record<string, unknown>): Promise<void> {
    const rows = Object.entries(values).map(([key, value]) => ({ key, value }))
    if (rows.length === 0) return
    await this.db
      .insert(settings)
      .values(rows)
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: sql`excluded.value`, updatedAt: sql`now()` },
      })
  }

  /** The number of saved changes so far (0 before the first). */
  async version(): Promise<number> {
    const [row] = await this.db.select().from(settings).where(eq(settings.key, versionKey))
    return typeof row?.value === 'number' ? row.value : 0
  }

  /**
   * Writes the values and counts the change in one transaction; with `expected`, only if no other
   * change was saved since that version (false back: stale, nothing written).
   */
  async writeVersioned(values: Record<string, unknown>, expected?: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.insert(settings).values({ key: versionKey, value: 0 }).onConflictDoNothing()
      const [row] = await tx.select().from(settings).where(eq(settings.key, versionKey)).for('update')
      const current = typeof row?.value === 'number' ? row.value : 0
      if (expected !== undefined && expected !== current) return false
      await new SettingsRepository(tx).write({ ...values, [versionKey]: current + 1 })
      return true
    })
  }

  async writeIfAbsent(key: string, value: unknown): Promise<void> {
    await this.db.insert(settings).values({ key, value }).onConflictDoNothing()
  }
}
