import type { AdminRegistrationToken, UserSession } from '@corral/contracts'
import type { ListedRegistrationToken } from '../registration/registration-tokens-service.ts'
import type { SessionsService } from '../sessions/sessions-service.ts'

type SessionRow = Awaited<ReturnType<SessionsService['listForUser']>>[number]

const iso = (date: Date | null) => date?.toISOString() ?? null

function statusOf(row: ListedRegistrationToken): AdminRegistrationToken['status'] {
  if (row.revokedAt) return 'revoked'
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return 'expired'
  if (row.maxUses !== null && row.uses >= row.maxUses) return 'used_up'
  return 'active'
}

/** An invitation as the admin list shows it: never its secret or hash. */
export function presentRegistrationToken(row: ListedRegistrationToken): AdminRegistrationToken {
  return {
    id: row.id,
    prefix: row.prefix,
    note: row.note,
    max_uses: row.maxUses,
    uses: row.uses,
    role: row.role,
    group_id: row.groupId,
    expires_at: iso(row.expiresAt),
    revoked_at: iso(row.revokedAt),
    created_at: row.createdAt.toISOString(),
    status: statusOf(row),
    created_by: row.createdBy,
    created_by_username: row.createdByUsername,
    redemptions: row.redemptions.map((redemption) => ({
      user_id: redemption.userId,
      username: redemption.username,
      at: redemption.at.toISOString(),
    })),
  }
}

export function presentSession(row: SessionRow): UserSession {
  return {
    id: row.familyId,
    created_at: row.startedAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    ip: row.ip,
    user_agent: row.userAgent,
  }
}
