import type { Actor, CappedTotal, ChangeBus } from '@corral/core'
import {
  Errors,
  displayPrefix,
  generateSecret,
  hashSecret,
  manageModelsScope,
  parseCidr,
  secretPrefixes,
} from '@corral/core'
import type { CreateApiKeyRequest } from '@corral/contracts'
import type { AuditService } from '../audit/audit-service.ts'
import { limitsFromRow, limitsToRow } from '../limits-columns.ts'
import type { UsersService } from '../users/users-service.ts'
import { isUuid } from '../uuid.ts'
import type { ApiKeyRow, ApiKeysRepository, KeyListFilter, ListedKey } from './api-keys-repository.ts'

/** Enough for any person or program; a bound so a runaway script cannot fill the table. */
const maxActiveKeysPerUser = 100

export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly users: UsersService,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a key for `ownerId`. Users may not give their own keys a priority above their group's or
   * the model-management scope; admins may. Returns the secret once; only its hash is stored.
   */
  async create(
    actor: Actor,
    ownerId: string,
    input: CreateApiKeyRequest,
  ): Promise<{ key: ApiKeyRow; secret: string }> {
    const owner = await this.users.get(ownerId)
    const isAdmin = actor.role === 'admin'
    // The HTTP schema bounds it too; the operator CLI passes whatever was typed.
    if (
      input.priority != null &&
      !(Number.isInteger(input.priority) && input.priority >= 1 && input.priority <= 10)
    ) {
      throw new Errors.priorityOutOfRange('A priority is a whole number from 1 (lowest) to 10 (highest)')
    }
    if (input.priority != null && input.priority > owner.groupPriority && !isAdmin) {
      throw new Errors.priorityOutOfRange(
        `Your group's priority is ${owner.groupPriority}; a key cannot be higher`,
      )
    }
    if (input.scopes?.includes(manageModelsScope) && !isAdmin) {
      throw new Errors.forbidden('Only admins can grant the models:manage scope')
    }
    const expiresAt = input.expires_at ? new Date(input.expires_at) : null
    if (expiresAt && Number.isNaN(expiresAt.getTime()))
      throw new Errors.validation('expires_at is not a date')
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw new Errors.validation('expires_at must be in the future')
    const cidrs = input.cidrs?.map((text) => {
      const cidr = parseCidr(text)
      if (!cidr) throw new Errors.invalidCidr(`"${text}" is not an IPv4 or IPv6 address or CIDR`)
      return cidr.text
    })
    if ((await this.repository.countActiveForUser(ownerId)) >= maxActiveKeysPerUser) {
      throw new Errors.conflict(`A user can have at most ${maxActiveKeysPerUser} active keys`)
    }
    const secret = generateSecret(secretPrefixes.apiKey)
    const key = await this.repository.insert({
      userId: ownerId,
      name: input.name,
      prefix: displayPrefix(secret, secretPrefixes.apiKey),
      lastFour: secret.slice(-4),
      secretHash: hashSecret(secret),
      priority: input.priority ?? null,
      scopes: input.scopes ?? [],
      modelAllowlist: input.models ?? null,
      cidrAllowlist: cidrs ?? null,
      expiresAt,
      ...limitsToRow(input.limits),
    })
    await this.audit.recordBy(
      actor,
      'api_key.create',
      { type: 'api_key', id: key.id },
      { owner: owner.username, name: key.name },
      { before: null, after: auditView(key) },
      ownerId,
    )
    return { key, secret }
  }

  listAll(filter: KeyListFilter): Promise<{ keys: ListedKey[] } & CappedTotal> {
    return this.repository.listAll(filter)
  }

  async getListed(keyId: string): Promise<ListedKey> {
    const key = isUuid(keyId) ? await this.repository.findListed(keyId) : undefined
    if (!key) throw new Errors.notFound('No such key')
    return key
  }

  list(ownerId: string, includeRevoked = false): Promise<ApiKeyRow[]> {
    return this.repository.listForUser(ownerId, includeRevoked)
  }

  /** Revokes one of `ownerId`'s keys; a key of someone else is "not found", never "forbidden". */
  async revokeOwn(actor: Actor, ownerId: string, keyId: string): Promise<void> {
    const key = isUuid(keyId) ? await this.repository.findForUser(ownerId, keyId) : undefined
    if (!key || key.revokedAt) throw new Errors.notFound('No such key')
    await this.revoke(actor, key)
  }

  async revokeAny(actor: Actor, keyId: string): Promise<void> {
    const key = isUuid(keyId) ? await this.repository.findById(keyId) : undefined
    if (!key || key.revokedAt) throw new Errors.notFound('No such key')
    await this.revoke(actor, key)
  }

  private async revoke(actor: Actor, key: ApiKeyRow): Promise<void> {
    await this.repository.revoke(key.id)
    // Every gateway cache drops the key when this arrives; it is what makes revocation prompt.
    await this.changes.publish({ kind: 'api-key', id: key.id, userId: key.userId })
    await this.audit.recordBy(
      actor,
      'api_key.revoke',
      { type: 'api_key', id: key.id },
      { name: key.name, owner_id: key.userId },
      { before: { revoked: false }, after: { revoked: true } },
      key.userId,
    )
  }

  touch(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    return this.repository.touch(lastUsed)
  }
}

/** What an audit record shows of a key: its settings, never its secret or hash. */
function auditView(key: ApiKeyRow): Record<string, unknown> {
  return {
    name: key.name,
    owner_id: key.userId,
    prefix: key.prefix,
    priority: key.priority,
    scopes: key.scopes,
    models: key.modelAllowlist,
    cidrs: key.cidrAllowlist,
    expires_at: key.expiresAt?.toISOString() ?? null,
    limits: limitsFromRow(key),
  }
}
