import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { InvitationStatus } from '@corral/contracts'
import type { CappedTotal, Db } from '@corral/core'
import { countUpTo } from '@corral/core'
import { registrationRedemptions, registrationTokens } from '../schema.ts'

export type RegistrationTokenRow = typeof registrationTokens.$inferSelect
export type RedemptionRow = typeof registrationRedemptions.$inferSelect

const t = registrationTokens

/** The four states of an invitation, as conditions (revoked wins, then expired, then used up). */
function statusCondition(status: InvitationStatus): SQL | undefined {
  const now = sql`now()`
  const notExpired = or(isNull(t.expiresAt), gt(t.expiresAt, now))
  const usesLeft = or(isNull(t.maxUses), lt(t.uses, t.maxUses))
  switch (status) {
    case 'revoked':
      return isNotNull(t.revokedAt)
    case 'expired':
      return and(isNull(t.revokedAt), lte(t.expiresAt, now))
    case 'used_up':
      return and(isNull(t.revokedAt), notExpired, isNotNull(t.maxUses), gte(t.uses, t.maxUses))
    case 'active':
      return and(isNull(t.revokedAt), notExpired, usesLeft)
  }
}

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

  async list(filter: {
    status?: InvitationStatus
    limit: number
    offset: number
  }): Promise<{ tokens: RegistrationTokenRow[] } & CappedTotal> {
    const where = filter.status ? statusCondition(filter.status) : undefined
    const [tokens, counted] = await Promise.all([
      this.db
        .select()
        .from(t)
        .where(where)
        .orderBy(desc(t.createdAt), desc(t.id))
        .limit(filter.limit)
        .offset(filter.offset),
      countUpTo(this.db, this.db.select({ id: t.id }).from(t).where(where)),
    ])
    return { tokens, ...counted }
  }

  async findById(id: string): Promise<RegistrationTokenRow | undefined> {
    const [row] = await this.db.select().from(t).where(eq(t.id, id))
    return row
  }

  /** The redemptions of a page of tokens, oldest first. */
  async redemptionsOf(tokenIds: readonly string[]): Promise<RedemptionRow[]> {
    if (tokenIds.length === 0) return []
    return this.db
      .select()
      .from(registrationRedemptions)
      .where(sql`${registrationRedemptions.tokenId} = any(${sql.param([...tokenIds])}::uuid[])`)
      .orderBy(asc(registrationRedemptions.at))
  }

  async recordRedemption(tokenId: string, user: { id: string; username: string }): Promise<void> {
    await this.db
      .insert(registrationRedemptions)
      .values({ tokenId, userId: user.id, username: user.username })
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
