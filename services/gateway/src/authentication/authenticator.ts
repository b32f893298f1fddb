import type { AuthClient, ChangeBus, Identity, UsersClient } from '@corral/core'
import { CidrSet, Errors, hashSecret, secretPrefixes } from '@corral/core'
import { bearerToken } from './authorization-header.ts'
import { IdentityCache } from './identity-cache.ts'
import { isFresh, parseSignedRequest, SignatureVerifier } from './ollama-signature.ts'
import { SessionRevocations } from './session-revocations.ts'

export interface Credentials {
  authorization: string | undefined
  /** Anthropic-style clients (`/v1/messages`) send the key here instead. */
  apiKeyHeader: string | undefined
  method: string
  path: string
  /** The `ts` query parameter of an Ollama CLI signature. */
  ts: string | undefined
  clientIp: string
}

export interface Authenticated {
  identity: Identity
  sessionId: string | null
}

/**
 * Turns the credentials of a request into an identity: an API key (`Bearer corral_sk_…`), a browser
 * session (`Bearer <JWT>`), or an `ollama` CLI signature. Everything comes from memory (the identity
 * cache and the auth service's in-memory keys); change events keep it current.
 */
export class Authenticator {
  private readonly cache = new IdentityCache()
  private readonly revocations = new SessionRevocations()
  private readonly signatures = new SignatureVerifier()

  constructor(
    private readonly users: UsersClient,
    private readonly auth: AuthClient,
  ) {}

  start(changes: ChangeBus): Promise<() => Promise<void>> {
    return changes.subscribe((event) => {
      this.cache.invalidate(event)
      this.revocations.apply(event)
    })
  }

  /** The identity behind the request's credentials; null when it carries none. Throws 401 on bad ones. */
  async authenticate(credentials: Credentials): Promise<Authenticated | null> {
    const token = bearerToken(credentials.authorization) ?? credentials.apiKeyHeader
    if (token?.startsWith(secretPrefixes.apiKey))
      return { identity: await this.apiKey(token, credentials.clientIp), sessionId: null }
    if (token && token.split('.').length === 3) return this.session(token)
    if (token)
      throw new Errors.unauthenticated(
        'Unrecognised credentials: use an API key (corral_sk_…) or a session token',
      )
    if (credentials.authorization)
      return { identity: await this.ollamaSignature(credentials), sessionId: null }
    return null
  }

  private async apiKey(secret: string, clientIp: string): Promise<Identity> {
    const identity = await this.cache.get(`key:${hashSecret(secret)}`, () => this.users.resolveApiKey(secret))
    if (!identity) throw new Errors.unauthenticated('Invalid, expired or revoked API key')
    if (identity.keyCidrs && !new CidrSet(identity.keyCidrs).contains(clientIp)) {
      throw new Errors.forbidden('This API key may not be used from your address')
    }
    return identity
  }

  private async session(token: string): Promise<Authenticated> {
    const claims = await this.auth.verifyAccessToken(token)
    if (this.revocations.isRevoked(claims.userId, claims.sessionId, claims.issuedAt)) {
      throw new Errors.invalidToken('This session has ended; sign in again')
    }
    const identity = await this.cache.get(`user:${claims.userId}`, () =>
      this.users.resolveUser(claims.userId),
    )
    if (!identity) throw new Errors.invalidToken('The account is disabled or no longer exists')
    return { identity, sessionId: claims.sessionId }
  }

  private async ollamaSignature(credentials: Credentials): Promise<Identity> {
    const signed = parseSignedRequest(
      credentials.authorization!,
      credentials.method,
      credentials.path,
      credentials.ts,
    )
    if (!signed) throw new Errors.unauthenticated('Unrecognised Authorization header')
    if (!isFresh(credentials.ts!, Date.now() / 1000)) {
      throw new Errors.unauthenticated(
        'The request signature is too old or too far in the future: check the clock',
      )
    }
    const identity = await this.cache.get(`ollama:${signed.publicKey}`, () =>
      this.users.resolveOllamaKey(signed.publicKey),
    )
    if (!identity || !this.signatures.verify(signed))
      throw new Errors.unauthenticated('Unknown Ollama key or invalid signature')
    if (!this.signatures.firstUse(signed.signature, Date.now()))
      throw new Errors.unauthenticated('This request signature was already used')
    return identity
  }
}
