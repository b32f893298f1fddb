import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import type { Logger } from 'pino'
import type { ChangeBus, SecretBox } from '@corral/core'
import type { SigningKeysRepository } from './signing-keys-repository.ts'

const algorithm = 'EdDSA'
/** A key signs for 30 days, then stays published one more day so tokens it signed still verify. */
const signingLifetimeMs = 30 * 24 * 3600_000
const publishedGraceMs = 24 * 3600_000
const reloadMinIntervalMs = 5_000

interface LoadedKey {
  kid: string
  publicJwk: JWK
  publicKey: CryptoKey
  privateKey: CryptoKey
  retiresAt: number
}

/**
 * The JWT signing keys, held in memory so verifying a token never touches the database. Keys rotate:
 * a new one is made when the current one retires; every replica reloads when told over the change
 * bus, or when it meets a `kid` it does not know (at most every few seconds).
 */
export interface SigningKeyHealth {
  /** A key can sign access tokens now: sign-in works. */
  canSign: boolean
  /** …and the last rotation did not fail. */
  ok: boolean
  /** For `/readyz` (public): no error text, only what and when. */
  detail: string
}

export class KeyRing {
  private keys: LoadedKey[] = []
  private lastReload = 0
  private rotationFailedAt: number | undefined

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly box: SecretBox,
    private readonly changes: ChangeBus,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.reload()
    await this.rotateIfDue()
  }

  get jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((key) => key.publicJwk) }
  }

  /** The newest key that has not retired. */
  signingKey(): { kid: string; privateKey: CryptoKey } {
    const key = this.keys.filter((candidate) => candidate.retiresAt > Date.now()).at(-1)
    if (!key) throw new Error('no signing key: KeyRing.start() was not awaited or rotation failed')
    return key
  }

  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    let key = this.keys.find((candidate) => candidate.kid === kid)
    if (!key && Date.now() - this.lastReload > reloadMinIntervalMs) {
      await this.reload()
      key = this.keys.find((candidate) => candidate.kid === kid)
    }
    return key?.publicKey
  }

  async reload(): Promise<void> {
    this.lastReload = Date.now()
    const rows = await this.repository.listPublished(new Date())
    const loaded: LoadedKey[] = []
    for (const row of rows) {
      try {
        const privateJwk = JSON.parse(this.box.open(row.privateKeyEncrypted)) as JWK
        loaded.push({
          kid: row.kid,
          publicJwk: row.publicJwk,
          publicKey: (await importJWK(row.publicJwk as JWK, algorithm)) as CryptoKey,
          privateKey: (await importJWK(privateJwk, algorithm)) as CryptoKey,
          retiresAt: row.retiresAt.getTime(),
        })
      } catch (error) {
        // A key sealed with another instance secret: replicas must share CORRAL_SECRET_KEY.
        this.logger.error(
          { err: error, kid: row.kid },
          'cannot decrypt a signing key; is CORRAL_SECRET_KEY the same on every replica?',
        )
      }
    }
    this.keys = loaded
  }

  /** Whether tokens can be signed, and whether the last rotation failed (then it is retried hourly). */
  health(): SigningKeyHealth {
    const signing = this.keys.filter((candidate) => candidate.retiresAt > Date.now()).at(-1)
    const until = signing && new Date(signing.retiresAt).toISOString()
    if (this.rotationFailedAt !== undefined) {
      const failed = new Date(this.rotationFailedAt).toISOString()
      return {
        canSign: signing !== undefined,
        ok: false,
        detail: signing
          ? `rotating the signing key failed at ${failed} (see the logs); the current key signs until ${until}`
          : `rotating the signing key failed at ${failed} (see the logs); no key can sign: sign-in fails`,
      }
    }
    return signing
      ? { canSign: true, ok: true, detail: `signing with key ${signing.kid} until ${until}` }
      : { canSign: false, ok: false, detail: 'no signing key: sign-in fails' }
  }

  /**
   * Makes a new key when the current one is a day from retiring. A failure is remembered for
   * `health()` (so `/readyz` shows it) and thrown for the caller to log.
   */
  async rotateIfDue(): Promise<void> {
    try {
      await this.rotateWhenDue()
      this.rotationFailedAt = undefined
    } catch (error) {
      this.rotationFailedAt = Date.now()
      throw error
    }
  }

  private async rotateWhenDue(): Promise<void> {
    // Rotate a day before retirement so a fresh key is already published when the old one retires.
    const current = this.keys.filter((key) => key.retiresAt > Date.now() + publishedGraceMs)
    if (current.length > 0) return
    const { publicKey, privateKey } = await generateKeyPair(algorithm, { crv: 'Ed25519', extractable: true })
    const kid = randomUUID()
    const now = Date.now()
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' }
    await this.repository.insert({
      kid,
      algorithm,
      publicJwk,
      privateKeyEncrypted: this.box.seal(JSON.stringify(await exportJWK(privateKey))),
      retiresAt: new Date(now + signingLifetimeMs),
      expiresAt: new Date(now + signingLifetimeMs + publishedGraceMs),
    })
    this.logger.info({ kid }, 'created a new JWT signing key')
    await this.reload()
    await this.changes.publish({ kind: 'signing-keys' })
  }
}
