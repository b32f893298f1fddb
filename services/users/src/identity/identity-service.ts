import type { Identity } from '@corral/core'
import { hashSecret } from '@corral/core'
import type { ApiKeysRepository } from '../api-keys/api-keys-repository.ts'
import { pickLimits } from '../limits-columns.ts'
import type { OllamaKeysRepository } from '../ollama-keys/ollama-keys-repository.ts'
import type { groups, users } from '../schema.ts'
import type { UsersRepository } from '../users/users-repository.ts'
import type { GroupsRepository } from '../groups/groups-repository.ts'

type UserRow = typeof users.$inferSelect
type GroupRow = typeof groups.$inferSelect

/**
 * Turns a credential into the Identity the gateway caches and the proxy queues with. Every rule about
 * whether a credential still works (revoked, expired, disabled user) is here, in one place.
 */
export class IdentityService {
  constructor(
    private readonly users: UsersRepository,
    private readonly groups: GroupsRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly ollamaKeys: OllamaKeysRepository,
  ) {}

  async resolveApiKey(secret: string): Promise<Identity | null> {
    const found = await this.apiKeys.findBySecretHash(hashSecret(secret))
    if (!found || found.key.revokedAt || found.user.disabledAt) return null
    const expiresAt = found.key.expiresAt?.getTime() ?? null
    if (expiresAt !== null && expiresAt <= Date.now()) return null
    const key = found.key
    return {
      ...baseIdentity(found.user, found.group),
      method: 'api_key',
      keyId: key.id,
      priority: key.priority ?? found.group.priority,
      scopes: key.scopes,
      modelAllowlist: intersect(found.group.modelAllowlist, key.modelAllowlist),
      keyCidrs: key.cidrAllowlist,
      keyLimits: pickLimits(key),
      keyRestricted:
        key.modelAllowlist !== null ||
        (key.priority !== null && key.priority < found.group.priority) ||
        Object.values(pickLimits(key)).some((limit) => limit !== null),
      credentialExpiresAt: expiresAt,
    }
  }

  async resolveOllamaKey(publicKey: string): Promise<Identity | null> {
    const found = await this.ollamaKeys.findByPublicKey(publicKey)
    if (!found || found.user.disabledAt) return null
    return { ...baseIdentity(found.user, found.group), method: 'ollama_key', keyId: found.key.id }
  }

  async resolveUser(userId: string): Promise<Identity | null> {
    const user = await this.users.findById(userId)
    if (!user || user.disabledAt) return null
    const group = await this.groups.findById(user.groupId)
    return group ? baseIdentity(user, group) : null
  }
}

function baseIdentity(user: UserRow, group: GroupRow): Identity {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    groupId: group.id,
    method: 'session',
    keyId: null,
    priority: group.priority,
    weight: group.weight,
    scopes: [],
    modelAllowlist: group.modelAllowlist,
    keyCidrs: null,
    keyLimits: null,
    keyRestricted: false,
    groupLimits: pickLimits(group),
    credentialExpiresAt: null,
  }
}

/** null means "any model", so the intersection with null is the other list. */
function intersect(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b
  if (b === null) return a
  const allowed = new Set(a)
  return b.filter((model) => allowed.has(model))
}
