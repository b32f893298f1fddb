import { randomUUID } from 'node:crypto'
import type { ChangeBus, UsersClient } from '@corral/core'
import { Errors, generateSecret, hashSecret, secretPrefixes } from '@corral/core'
import { accessTokenLifetimeSeconds, type AccessTokens } from './access-tokens.ts'
import type { RefreshTokensRepository } from './refresh-tokens-repository.ts'

export const refreshTokenLifetimeMs = 30 * 24 * 3600_000

export interface IssuedSession {
  accessToken: string
  refreshToken: string
  expiresIn: number
  sessionId: string
}

export interface ClientInfo {
  ip: string | null
  userAgent: string | null
}

/**
 * Sessions are refresh-token families. Each refresh spends the presented token and issues the next in
 * the family; presenting a spent token means it was copied, so the whole family is revoked.
 */
export class SessionsService {
  constructor(
    private readonly repository: RefreshTokensRepository,
    private readonly accessTokens: AccessTokens,
    private readonly users: UsersClient,
    private readonly changes: ChangeBus,
  ) {}

  start(userId: string, client: ClientInfo): Promise<IssuedSession> {
    return this.issue(userId, randomUUID(), client)
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<IssuedSession & { userId: string }> {
    const tokenHash = hashSecret(refreshToken)
    const spent = await this.repository.consume(tokenHash)
    if (!spent) {
      const known = await this.repository.findByHash(tokenHash)
      if (known?.usedAt && !known.revokedAt) await this.endFamily(known.familyId, known.userId)
      throw new Errors.invalidToken(
        known?.usedAt
          ? 'This refresh token was already used; the session has been ended'
          : 'Invalid or expired refresh token',
      )
    }
    const subject = await this.users.resolveUser(spent.userId)
    if (!subject) {
      await this.endFamily(spent.familyId, spent.userId)
      throw new Errors.invalidToken('The account is disabled')
    }
    return { ...(await this.issue(spent.userId, spent.familyId, client)), userId: spent.userId }
  }

  /** Ends the session the refresh token belongs to; unknown tokens are ignored (logout is idempotent). */
  async end(refreshToken: string): Promise<string | undefined> {
    const known = await this.repository.findByHash(hashSecret(refreshToken))
    if (known) await this.endFamily(known.familyId, known.userId)
    return known?.userId
  }

  /** Ends every session of a user but one; their access tokens stop working within a moment. */
  async endAllForUser(userId: string, exceptSessionId?: string): Promise<void> {
    await this.repository.revokeAllForUser(userId, exceptSessionId)
    await this.changes.publish({ kind: 'sessions', userId, at: Date.now(), exceptSessionId })
  }

  /** A user's live sessions (the admin panel's list). */
  listForUser(userId: string) {
    return this.repository.listLiveFamilies(userId)
  }

  /** Ends one of `userId`'s sessions; a session of someone else, or already ended, is "not found". */
  async endOne(userId: string, familyId: string): Promise<void> {
    if (!(await this.repository.isLiveFamilyOf(userId, familyId)))
      throw new Errors.notFound('No such live session')
    await this.endFamily(familyId, userId)
  }

  /** Forgets every session of a deleted account; its access tokens stop working as they would on logout. */
  async forgetUser(userId: string): Promise<void> {
    await this.repository.deleteForUser(userId)
    await this.changes.publish({ kind: 'sessions', userId, at: Date.now() })
  }

  private async endFamily(familyId: string, userId: string): Promise<void> {
    await this.repository.revokeFamily(familyId)
    await this.changes.publish({ kind: 'session', id: familyId, userId })
  }

  purgeExpired(): Promise<void> {
    return this.repository.deleteExpired(new Date(Date.now() - 24 * 3600_000))
  }

  private async issue(userId: string, familyId: string, client: ClientInfo): Promise<IssuedSession> {
    const refreshToken = generateSecret(secretPrefixes.refreshToken)
    await this.repository.insert({
      userId,
      familyId,
      tokenHash: hashSecret(refreshToken),
      expiresAt: new Date(Date.now() + refreshTokenLifetimeMs),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    })
    const accessToken = await this.accessTokens.issue({ userId, sessionId: familyId })
    return { accessToken, refreshToken, expiresIn: accessTokenLifetimeSeconds, sessionId: familyId }
  }
}
