import { and, eq, gt, isNull, lt, ne, or } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { refreshTokens } from '../schema.ts'

export type RefreshTokenRow = typeof refreshTokens.$inferSelect

export class RefreshTokensRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof refreshTokens.$inferInsert): Promise<void> {
    await this.db.insert(refreshTokens).values(values)
  }

  /**
   * Marks a live token used and returns it, in one statement: of two requests presenting the same
   * token at once, exactly one gets it back.
   */
  async consume(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, new Date()),
        ),
      )
      .returning()
    return row
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash))
    return row
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
  }

  /** Every session of a user, optionally sparing one (the one changing its password). */
  async revokeAllForUser(userId: string, exceptFamilyId?: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.revokedAt),
          exceptFamilyId ? ne(refreshTokens.familyId, exceptFamilyId) : undefined,
        ),
      )
  }

  async deleteExpired(before: Date): Promise<void> {
    await this.db
      .delete(refreshTokens)
      .where(or(lt(refreshTokens.expiresAt, before), lt(refreshTokens.revokedAt, before)))
  }
}
