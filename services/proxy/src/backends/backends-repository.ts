import { and, eq, notInArray } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { backends } from '../schema.ts'

export type BackendRow = typeof backends.$inferSelect

export class BackendsRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<BackendRow[]> {
    return this.db.select().from(backends).orderBy(backends.createdAt)
  }

  /** Backends named in CORRAL_OLLAMA_URLS exist after start; settings changed in the admin panel win. */
  async ensureFromEnvironment(url: string, slots: number): Promise<void> {
    await this.db
      .insert(backends)
      .values({ url, name: new URL(url).host, slots, source: 'env' })
      .onConflictDoNothing()
  }

  /**
   * CORRAL_OLLAMA_URLS declares the environment's backends: one no longer named there is deleted (an
   * admin-added backend is not the variable's to remove). Usage records keep its id as plain text.
   */
  async removeUndeclared(declaredUrls: readonly string[]): Promise<BackendRow[]> {
    const fromEnvironment = eq(backends.source, 'env')
    return this.db
      .delete(backends)
      .where(
        declaredUrls.length > 0
          ? and(fromEnvironment, notInArray(backends.url, [...declaredUrls]))
          : fromEnvironment,
      )
      .returning()
  }

  async insert(values: typeof backends.$inferInsert): Promise<BackendRow> {
    const [row] = await this.db.insert(backends).values(values).returning()
    return row!
  }

  async update(id: string, values: Partial<typeof backends.$inferInsert>): Promise<BackendRow | undefined> {
    const [row] = await this.db
      .update(backends)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(backends.id, id))
      .returning()
    return row
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(backends).where(eq(backends.id, id))
  }

  async findByUrl(url: string): Promise<BackendRow | undefined> {
    const [row] = await this.db.select().from(backends).where(eq(backends.url, url))
    return row
  }
}
