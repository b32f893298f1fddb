import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { registrationTokens } from '../schema.ts'

export type RegistrationTokenRow = typeof registrationTokens.$inferSelect

export class RegistrationTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof registrationTokens.$inferInsert): Promise<RegistrationTokenRow> {
    const [row] = await this.db.insert(registrationTokens).values(values).returning()
    return row!
  }

  async findByHash(tokenHash: string): Promise<RegistrationTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(registrationTokens)
      .where(eq(registrationTokens.tokenHash, tokenHash))
    return row
  }

  list(): Promise<RegistrationTokenRow[]> {
    return this.db.select().from(registrationTokens).orderBy(desc(registrationTokens.createdAt))
  }

  /**
   * Takes one use of a live token in a single conditional UPDATE, so two registrations racing for
   * the last use cannot both get it.
   */
  async consume(tokenHash: string): Promise<RegistrationTokenRow | undefined> {
    const [row] = await this.db
      .update(registrationTokens)
      .set({ uses: sql`${registrationTokens.uses} + 1` })
      .where(
        and(
          eq(registrationTokens.tokenHash, tokenHash),
          isNull(registrationTokens.revokedAt),
          or(isNull(registrationTokens.expiresAt), gt(registrationTokens.expiresAt, new Date())),
          or(isNull(registrationTokens.maxUses), lt(registrationTokens.uses, registrationTokens.maxUses)),
        ),
      )
      .returning()
    return row
  }

  /** Gives a use back when the registration that took it failed afterwards. */
  async refund(id: string): Promise<void> {
    await this.db
      .update(registrationTokens)
      .set({ uses: sql`greatest(${registrationTokens.uses} - 1, 0)` })
      .where(eq(registrationTokens.id, id))
  }

  async revoke(id: string): Promise<RegistrationTokenRow | undefined> {
    const [row] = await this.db
      .update(registrationTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(registrationTokens.id, id), isNull(registrationTokens.revokedAt)))
      .returning()
    return row
  }

  async revokeByNote(note: string): Promise<void> {
    await this.db
      .update(registrationTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(registrationTokens.note, note), isNull(registrationTokens.revokedAt)))
  }
}
