import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose'
import { Errors } from '@corral/core'
import type { KeyRing } from './key-ring.ts'

export const accessTokenLifetimeSeconds = 15 * 60
const issuer = 'corral'
const audience = 'corral'

export interface AccessTokenClaims {
  userId: string
  /** The refresh-token family this session belongs to, so password changes can keep it alive. */
  sessionId: string
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  /** Epoch ms, to compare with "every session before this moment ended" events. */
  issuedAt: number
  /** Epoch ms of `exp`: a chat socket authenticated with the token closes then. */
  expiresAt: number
}

/**
 * `iat` has one-second resolution, too coarse to compare with a revocation cutoff: a sign-in in the
 * same second after a password change or reset would get a token the gateway refuses for its whole
 * life. This private claim carries the issue time in milliseconds.
 */
const issuedAtMsClaim = 'iat_ms'

/** Short-lived EdDSA JWTs; verification uses only the in-memory key ring. */
export class AccessTokens {
  constructor(private readonly keyRing: KeyRing) {}

  async issue(claims: AccessTokenClaims): Promise<string> {
    const { kid, privateKey } = this.keyRing.signingKey()
    const issuedAtMs = Date.now()
    const issuedAt = Math.floor(issuedAtMs / 1000)
    return new SignJWT({ sid: claims.sessionId, [issuedAtMsClaim]: issuedAtMs })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + accessTokenLifetimeSeconds)
      .sign(privateKey)
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    try {
      const { kid } = decodeProtectedHeader(token)
      const key = kid ? await this.keyRing.verificationKey(kid) : undefined
      if (!key) throw new Errors.invalidToken('The access token was signed by an unknown key')
      // Corral never issues a token without an expiry or with a longer life: one that has either was not
      // made by this code (a leaked signing key, or a bug elsewhere) and is refused. `maxTokenAge` also
      // refuses an issue time in the future.
      const { payload } = await jwtVerify(token, key, {
        issuer,
        audience,
        algorithms: ['EdDSA'],
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: accessTokenLifetimeSeconds,
      })
      if (payload.exp! - payload.iat! > accessTokenLifetimeSeconds)
        throw new Errors.invalidToken('The access token lives longer than Corral issues tokens for')
      if (!payload.sub || typeof payload.sid !== 'string')
        throw new Errors.invalidToken('Malformed access token')
      const issuedAtMs = payload[issuedAtMsClaim]
      const issuedAt = typeof issuedAtMs === 'number' ? issuedAtMs : (payload.iat ?? 0) * 1000
      return { userId: payload.sub, sessionId: payload.sid, issuedAt, expiresAt: payload.exp! * 1000 }
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CORRAL_ERR_')) throw error
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED'
      throw new Errors.invalidToken(expired ? 'The access token has expired' : 'Invalid access token')
    }
  }
}
