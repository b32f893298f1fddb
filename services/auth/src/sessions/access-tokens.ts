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
}

/** Short-lived EdDSA JWTs; verification uses only the in-memory key ring. */
export class AccessTokens {
  constructor(private readonly keyRing: KeyRing) {}

  async issue(claims: AccessTokenClaims): Promise<string> {
    const { kid, privateKey } = this.keyRing.signingKey()
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${accessTokenLifetimeSeconds}s`)
      .sign(privateKey)
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    try {
      const { kid } = decodeProtectedHeader(token)
      const key = kid ? await this.keyRing.verificationKey(kid) : undefined
      if (!key) throw new Errors.invalidToken('The access token was signed by an unknown key')
      const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['EdDSA'] })
      if (!payload.sub || typeof payload.sid !== 'string') throw new Errors.invalidToken('Malformed access token')
      return { userId: payload.sub, sessionId: payload.sid, issuedAt: (payload.iat ?? 0) * 1000 }
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CORRAL_ERR_')) throw error
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED'
      throw new Errors.invalidToken(expired ? 'The access token has expired' : 'Invalid access token')
    }
  }
}
