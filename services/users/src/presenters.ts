import type {
  AdminApiKey,
  AdminAuditEntry,
  AdminGroup,
  AdminUser,
  ApiKey,
  Group,
  OllamaKey,
  User,
} from '@corral/contracts'
import type { AuditRow } from './audit/audit-repository.ts'
import type { ApiKeyRow, ListedKey } from './api-keys/api-keys-repository.ts'
import type { GroupRow } from './groups/groups-repository.ts'
import { limitsFromRow } from './limits-columns.ts'
import type { OllamaKeyRow } from './ollama-keys/ollama-keys-repository.ts'
import type { ListedUser, UserWithGroup } from './users/users-repository.ts'

/** Rows to API shapes (snake_case, ISO dates). Secrets and hashes never leave through here. */
const iso = (date: Date | null): string | null => date?.toISOString() ?? null

export function presentApiKey(key: ApiKeyRow, groupPriority: number): ApiKey {
  return {
    id: key.id,
    user_id: key.userId,
    name: key.name,
    prefix: key.prefix,
    priority: key.priority ?? groupPriority,
    priority_override: key.priority,
    scopes: key.scopes,
    models: key.modelAllowlist,
    cidrs: key.cidrAllowlist,
    limits: limitsFromRow(key),
    expires_at: iso(key.expiresAt),
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
    created_at: key.createdAt.toISOString(),
  }
}

export function presentAdminApiKey(key: ListedKey): AdminApiKey {
  const expired = key.expiresAt !== null && key.expiresAt.getTime() <= Date.now()
  return {
    ...presentApiKey(key, key.groupPriority),
    username: key.username,
    group_id: key.groupId,
    group_name: key.groupName,
    status: key.revokedAt ? 'revoked' : expired ? 'expired' : 'active',
    last_four: key.lastFour,
  }
}

export function presentOllamaKey(key: OllamaKeyRow): OllamaKey {
  return {
    id: key.id,
    name: key.name,
    fingerprint: key.fingerprint,
    last_used_at: iso(key.lastUsedAt),
    created_at: key.createdAt.toISOString(),
  }
}

export function presentUser(user: UserWithGroup): User {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    group_id: user.groupId,
    group_name: user.groupName,
    priority: user.groupPriority,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt.toISOString(),
    disabled_at: iso(user.disabledAt),
  }
}

export function presentAdminUser(user: ListedUser): AdminUser {
  return {
    ...presentUser(user),
    last_active_at: iso(user.lastActiveAt),
    active_key_count: user.activeKeyCount,
  }
}

export function presentGroup(group: GroupRow & { memberCount?: number; isDefault?: boolean }): Group {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    priority: group.priority,
    weight: group.weight,
    models: group.modelAllowlist,
    limits: limitsFromRow(group),
    is_default: group.isDefault ?? false,
    member_count: group.memberCount ?? 0,
    created_at: group.createdAt.toISOString(),
  }
}

export function presentAuditEntry(entry: AuditRow): AdminAuditEntry {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor_user_id: entry.actorUserId,
    actor_username: entry.actorUsername,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before: entry.before,
    after: entry.after,
    details: entry.details,
    ip: entry.ip,
  }
}

export function presentAdminGroup(
  group: GroupRow & { memberCount?: number; isDefault?: boolean },
): AdminGroup {
  return { ...presentGroup(group), version: group.version, updated_at: group.updatedAt.toISOString() }
}
