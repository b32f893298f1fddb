import type { Logger } from 'pino'
import type { AuthClient, ChangeBus, ChangeEvent, Identity, UsersClient } from '@corral/core'
import {
  addressGroup,
  CidrSet,
  Errors,
  LogThrottle,
  loggableError,
  RateLimiter,
  secretPrefixes,
  withRetryAfter,
} from '@corral/core'
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
  /** When the credential stops working (epoch ms): an access token's `exp`; null for keys that never expire. */
  expiresAt: number | null
}

/**
 * Credentials an address may present that turn out to be unknown, per minute. Each costs a database
 * lookup (a made-up key is new every time, so the negative cache cannot help); past the limit the
 * address gets 429 without one. A client retrying one revoked key stays far below it: the negative
 * cache answers its repeats for five seconds.
 */
const unknownCredentialsPerMinute = 30
/** Seconds a client is asked to wait when the database cannot be reached. */
const databaseRetryAfterSeconds = 5

/**
 * Turns the credentials of a request into an identity: an API key (`Bearer corral_sk_…`), a browser
 * session (`Bearer <JWT>`), or an `ollama` CLI signature. Everything comes from memory (the identity
 * cache and the auth service's in-memory keys); change events keep it current.
 */
export class Authenticator {
  private readonly cache = new IdentityCache()
  private readonly revocations = new SessionRevocations()
  private readonly signatures = new SignatureVerifier()
  private readonly unknownCredentials = new RateLimiter({
    limit: unknownCredentialsPerMinute,
    windowMs: 60_000,
  })
  private readonly logThrottle = new LogThrottle()
  private readonly listeners = new Set<(event: ChangeEvent) => void>()

  constructor(
    private readonly users: UsersClient,
    private readonly auth: AuthClient,
    private readonly logger?: Logger,
  ) {}

  start(changes: ChangeBus): Promise<() => Promise<void>> {
    return changes.subscribe((event) => {
      this.cache.invalidate(event)
      this.revocations.apply(event)
      for (const listener of this.listeners) listener(event)
    })
  }

  /**
   * Tells `listener` about each change event once this authenticator has applied it, so that
   * re-authenticating in the listener sees the change (the chat socket re-checks its connections).
   */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The identity behind the request's credentials; null when it carries none. Throws 401 on bad ones. */
  async authenticate(credentials: Credentials): Promise<Authenticated | null> {
    const token = bearerToken(credentials.authorization) ?? credentials.apiKeyHeader
    if (token?.startsWith(secretPrefixes.apiKey)) return this.apiKey(token, credentials.clientIp)
    if (token && token.split('.').length === 3) return this.session(token, credentials.clientIp)
    if (token)
      throw new Errors.unauthenticated(
        'Unrecognised credentials: use an API key (corral_sk_…) or a session token',
      )
    if (credentials.authorization) return this.ollamaSignature(credentials)
    return null
  }

  private async apiKey(secret: string, clientIp: string): Promise<Authenticated> {
    const identity = await this.lookup(`key:${secret}`, clientIp, () => this.users.resolveApiKey(secret))
    if (!identity) throw new Errors.unauthenticated('Invalid, expired or revoked API key')
    if (identity.keyCidrs && !new CidrSet(identity.keyCidrs).contains(clientIp)) {
      throw new Errors.forbidden('This API key may not be used from your address')
    }
    return { identity, sessionId: null, expiresAt: identity.credentialExpiresAt }
  }

  private async session(token: string, clientIp: string): Promise<Authenticated> {
    const claims = await this.auth.verifyAccessToken(token)
    if (this.revocations.isRevoked(claims.userId, claims.sessionId, claims.issuedAt)) {
      throw new Errors.invalidToken('This session has ended; sign in again')
    }
    const identity = await this.lookup(`user:${claims.userId}`, clientIp, () =>
      this.users.resolveUser(claims.userId),
    )
    if (!identity) throw new Errors.invalidToken('The account is disabled or no longer exists')
    return { identity, sessionId: claims.sessionId, expiresAt: claims.expiresAt }
  }

  /**
   * Everything that can be checked without the database comes first (form, clock, signature,
   * replay), so a made-up key costs no lookup. The signature does not cover the body, so it is
   * accepted only where the CLI uses it: the Ollama API.
   */
  private async ollamaSignature(credentials: Credentials): Promise<Authenticated> {
    const { authorization, method, path, ts } = credentials
    const signed = parseSignedRequest(authorization!, method, path, ts)
    if (!signed) throw new Errors.unauthenticated('Unrecognised Authorization header')
    if (!path.startsWith('/api/'))
      throw new Errors.unauthenticated('Ollama CLI signatures are accepted on the Ollama API (/api/*) only')
    if (!isFresh(ts!, Date.now() / 1000)) {
      throw new Errors.unauthenticated(
        'The request signature is too old or too far in the future: check the clock',
      )
    }
    if (!this.signatures.verify(signed)) throw new Errors.unauthenticated('Invalid request signature')
    if (!this.signatures.firstUse(signed.signature, Date.now()))
      throw new Errors.unauthenticated('This request signature was already used')
    const identity = await this.lookup(`ollama:${signed.publicKey}`, credentials.clientIp, () =>
      this.users.resolveOllamaKey(signed.publicKey),
    )
    if (!identity) throw new Errors.unauthenticated('Unknown Ollama key: register it first')
    return { identity, sessionId: null, expiresAt: null }
  }

  /**
   * A cached identity, or a database lookup: refused up front (429) for an address that keeps
   * presenting unknown credentials, and 503 rather than 500 when the database cannot be reached
   * and nothing recent is known (the cache serves a recently known identity itself).
   */
  private async lookup(
    credential: string,
    clientIp: string,
    load: () => Promise<Identity | null>,
  ): Promise<Identity | null> {
    try {
      return await this.cache.get(credential, async () => {
        const address = addressGroup(clientIp)
        const wait = this.unknownCredentials.retryAfter(address)
        if (wait !== undefined)
          throw withRetryAfter(
            new Errors.tooManyRequests('Too many unknown credentials from your address; try again later'),
            wait,
          )
        const identity = await load()
        if (!identity) this.unknownCredentials.take(address)
        return identity
      })
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CORRAL_ERR_')) throw error
      this.logThrottle.run('identity-lookup', (suppressed) =>
        this.logger?.error(
          { error: String((loggableError(error) as Error).message), suppressed },
          'cannot look up credentials: the database is unreachable; answering 503 for identities not cached',
        ),
      )
      throw withRetryAfter(new Errors.databaseUnavailable(), databaseRetryAfterSeconds)
    }
  }
}
