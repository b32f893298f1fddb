import type { Actor, ChangeBus } from '@corral/core'
import { Errors, parseSshEd25519PublicKey } from '@corral/core'
import type { AuditService } from '../audit/audit-service.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import type { OllamaKeyRow, OllamaKeysRepository } from './ollama-keys-repository.ts'

/** Public halves of `~/.ollama/id_ed25519`, registered so the `ollama` CLI can sign its requests. */
export class OllamaKeysService {
  constructor(
    private readonly repository: OllamaKeysRepository,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  async register(actor: Actor, input: { public_key: string; name?: string }): Promise<OllamaKeyRow> {
    const userId = actor.userId
    if (!userId) throw new Errors.forbidden('Ollama keys belong to a signed-in user')
    const parsed = parseSshEd25519PublicKey(input.public_key)
    if (!parsed) {
      throw new Errors.invalidPublicKey(
        'Expected an ed25519 public key like "ssh-ed25519 AAAAC3Nza… comment" (~/.ollama/id_ed25519.pub)',
      )
    }
    if (await this.repository.findByPublicKey(parsed.wireBase64)) {
      throw new Errors.conflict('This public key is already registered')
    }
    const key = await this.repository
      .insert({
        userId,
        name: input.name || parsed.comment || 'ollama',
        publicKey: parsed.wireBase64,
        fingerprint: parsed.fingerprint,
      })
      .catch((error: unknown) => {
        // Two registrations of one key at once: the unique index decides, the loser gets the same 409.
        throw isUniqueViolation(error) ? new Errors.conflict('This public key is already registered') : error
      })
    await this.audit.recordBy(
      actor,
      'ollama_key.create',
      { type: 'ollama_key', id: key.id },
      { fingerprint: key.fingerprint },
      { before: null, after: { name: key.name, fingerprint: key.fingerprint } },
      userId,
    )
    return key
  }

  list(userId: string): Promise<OllamaKeyRow[]> {
    return this.repository.listForUser(userId)
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!actor.userId) throw new Errors.notFound('No such key')
    await this.removeFor(actor, actor.userId, id)
  }

  /** Removes one of `ownerId`'s keys; an admin acting for the user passes that user's id. */
  async removeFor(actor: Actor, ownerId: string, id: string): Promise<void> {
    const key = await this.repository.deleteForUser(ownerId, id)
    if (!key) throw new Errors.notFound('No such key')
    await this.changes.publish({ kind: 'ollama-key', id, userId: key.userId })
    await this.audit.recordBy(
      actor,
      'ollama_key.revoke',
      { type: 'ollama_key', id },
      { fingerprint: key.fingerprint, owner_id: ownerId },
      { before: { name: key.name, fingerprint: key.fingerprint }, after: null },
      key.userId,
    )
  }

  touch(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    return this.repository.touch(lastUsed)
  }
}
