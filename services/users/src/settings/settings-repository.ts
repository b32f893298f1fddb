import { sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { settings } from '../schema.ts'

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

  async writeIfAbsent(key: string, value: unknown): Promise<void> {
    await this.db.insert(settings).values({ key, value }).onConflictDoNothing()
  }
}
