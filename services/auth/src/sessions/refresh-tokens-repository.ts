import { and, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm'
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

  /**
   * A user's live sessions: the family's one unspent token holds the latest address, user agent and
   * expiry; the family began with its oldest token.
   */
  async listLiveFamilies(userId: string) {
    const family = sql<Date>`(select min(f.created_at) from ${refreshTokens} f where f.family_id = ${refreshTokens.familyId})`
    const rows = await this.db
      .select({
        familyId: refreshTokens.familyId,
        startedAt: family.mapWith((value: string | Date) => new Date(value)),
        lastUsedAt: refreshTokens.createdAt,
        expiresAt: refreshTokens.expiresAt,
        ip: refreshTokens.ip,
        userAgent: refreshTokens.userAgent,
      })
      .from(refreshTokens)
      .where(
        and(
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(refreshTokens.createdAt))
    return rows
  }

  /** Whether the family exists for this user and is still live. */
  async isLiveFamilyOf(userId: string, familyId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(
        and(
          eq(refreshTokens.userId, userId),
          eq(refreshTokens.familyId, familyId),
          isNull(refreshTokens.revokedAt),
          isNull(refreshTokens.usedAt),
          gt(refreshTokens.expiresAt, new Date()),
        ),
      )
      .limit(1)
    return row !== undefined
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.delete(refreshTokens).where(eq(refreshTokens.userId, userId))
  }

  async deleteExpired(before: Date): Promise<void> {
    await this.db
      .delete(refreshTokens)
      .where(or(lt(refreshTokens.expiresAt, before), lt(refreshTokens.revokedAt, before)))
  }
}
