import type { Actor, CappedTotal, Role, UsersClient } from '@corral/core'
import { Errors, displayPrefix, generateSecret, hashSecret, secretPrefixes } from '@corral/core'
import type { InvitationStatus } from '@corral/contracts'
import type {
  RedemptionRow,
  RegistrationTokenRow,
  RegistrationTokensRepository,
} from './registration-tokens-repository.ts'

export type ListedRegistrationToken = RegistrationTokenRow & { redemptions: RedemptionRow[] }

export const bootstrapNote = 'bootstrap: first admin'

export interface NewRegistrationToken {
  maxUses?: number | null
  expiresAt?: Date | null
  groupId?: string | null
  role?: Role
  note?: string
}

/** Invitations: secret tokens, stored hashed, that let a person create an account. */
export class RegistrationTokensService {
  constructor(
    private readonly repository: RegistrationTokensRepository,
    private readonly users: UsersClient,
  ) {}

  async create(
    actor: Actor | null,
    input: NewRegistrationToken,
  ): Promise<{ row: RegistrationTokenRow; token: string }> {
    // The HTTP schema bounds these too; the operator CLI passes whatever was typed.
    if (input.maxUses != null && !(Number.isInteger(input.maxUses) && input.maxUses >= 1)) {
      throw new Errors.validation('max_uses must be a whole number of at least 1 (or absent for unlimited)')
    }
    if (input.expiresAt && Number.isNaN(input.expiresAt.getTime()))
      throw new Errors.validation('expires_at is not a date')
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
      throw new Errors.validation('expires_at must be in the future')
    const token = generateSecret(secretPrefixes.registrationToken)
    const row = await this.repository.insert({
      prefix: displayPrefix(token, secretPrefixes.registrationToken),
      tokenHash: hashSecret(token),
      note: input.note ?? '',
      maxUses: input.maxUses ?? null,
      role: input.role ?? 'user',
      groupId: input.groupId ?? null,
      expiresAt: input.expiresAt ?? null,
      createdBy: actor?.userId ?? null,
      createdByUsername: actor?.userId ? actor.username : null,
    })
    if (actor) {
      await this.users.audit({
        actorUserId: actor.userId,
        actorUsername: actor.username,
        action: 'registration_token.create',
        targetType: 'registration_token',
        targetId: row.id,
        details: { maxUses: row.maxUses, role: row.role },
        before: null,
        after: {
          prefix: row.prefix,
          max_uses: row.maxUses,
          role: row.role,
          group_id: row.groupId,
          expires_at: row.expiresAt?.toISOString() ?? null,
          note: row.note,
        },
        ip: actor.ip,
      })
    }
    return { row, token }
  }

  /** A page of invitations with who redeemed each one and when. */
  async list(filter: {
    status?: InvitationStatus
    limit: number
    offset: number
  }): Promise<{ tokens: ListedRegistrationToken[] } & CappedTotal> {
    const { tokens, ...counted } = await this.repository.list(filter)
    const redemptions = await this.repository.redemptionsOf(tokens.map((token) => token.id))
    return {
      ...counted,
      tokens: tokens.map((token) => ({
        ...token,
        redemptions: redemptions.filter((redemption) => redemption.tokenId === token.id),
      })),
    }
  }

  /** Remembers who registered with an invitation (the admin list shows it). */
  recordRedemption(tokenId: string, user: { id: string; username: string }): Promise<void> {
    return this.repository.recordRedemption(tokenId, user)
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const row = await this.repository.revoke(id)
    if (!row) throw new Errors.notFound('No such active registration token')
    await this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action: 'registration_token.revoke',
      targetType: 'registration_token',
      targetId: id,
      details: { prefix: row.prefix },
      before: { revoked: false },
      after: { revoked: true },
      ip: actor.ip,
    })
  }

  /** Why a token cannot be used, checked before any work is done; consumption re-checks atomically. */
  async assertUsable(token: string): Promise<RegistrationTokenRow> {
    const row = await this.repository.findByHash(hashSecret(token))
    if (!row || row.revokedAt) throw new Errors.invalidToken('Invalid registration token')
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
      throw new Errors.invalidToken('This registration token has expired')
    if (row.maxUses !== null && row.uses >= row.maxUses)
      throw new Errors.invalidToken('This registration token has been used up')
    return row
  }

  consume(token: string): Promise<RegistrationTokenRow | undefined> {
    return this.repository.consume(hashSecret(token))
  }

  refund(id: string): Promise<void> {
    return this.repository.refund(id)
  }

  revokeBootstrapTokens(): Promise<void> {
    return this.repository.revokeByNote(bootstrapNote)
  }
}
