import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import type { Identity } from '../clients/identity.ts'
import { Errors } from '../errors/corral-errors.ts'

/** The processes that call each other's internal routes (the replicas and microservices modes, docs/architecture.md). */
export const serviceNames = ['gateway', 'auth', 'users', 'proxy'] as const
export type ServiceName = (typeof serviceNames)[number]

/** What an internal route learns from a valid service token. */
export interface ServiceCall {
  /** The calling service. */
  caller: ServiceName
  /** On whose behalf it calls: the client's identity, resolved by the gateway; absent for the service's own calls. */
  actor: Identity | undefined
}

/** HS256 needs a key at least as long as its hash: CORRAL_SERVICE_SECRET is 32 random bytes or more. */
export const minimumServiceSecretBytes = 32

function keyOf(secret: Buffer): Uint8Array {
  if (secret.length < minimumServiceSecretBytes)
    throw new RangeError(`a service secret needs at least ${minimumServiceSecretBytes} bytes`)
  return new Uint8Array(secret)
}

/** Short enough that a leaked token is soon worthless, long enough for a clock a little off. */
export const serviceTokenLifetimeSeconds = 60
const clockToleranceSeconds = 5
const issuerPrefix = 'corral:'

/**
 * Signs the short-lived tokens one service sends with each internal call: HS256 with
 * CORRAL_SERVICE_SECRET, audience = the service called, subject = the calling service, and the client's
 * identity as the private `corral_identity` claim (not RFC 8693's `act`, which names the party acting
 * for the subject: here the subject is the service). Every process of a deployment shares the secret.
 */
export class ServiceTokenSigner {
  private readonly key: Uint8Array

  constructor(
    secret: Buffer,
    private readonly caller: ServiceName,
  ) {
    this.key = keyOf(secret)
  }

  sign(audience: ServiceName, actor?: Identity): Promise<string> {
    const token = new SignJWT(actor ? { corral_identity: actor } : {})
      .setProtectedHeader({ alg: 'HS256', typ: 'corral-service+jwt' })
      .setIssuer(issuerPrefix + this.caller)
      .setSubject(this.caller)
      .setAudience(issuerPrefix + audience)
      .setIssuedAt()
      .setExpirationTime(`${serviceTokenLifetimeSeconds}s`)
    return token.sign(this.key)
  }
}

/**
 * Checks the token of a call to `audience`'s internal routes. A missing token is 401
 * (CORRAL_ERR_UNAUTHENTICATED), a bad or expired one 401 (CORRAL_ERR_INVALID_TOKEN), a valid token
 * for another service 403 (CORRAL_ERR_FORBIDDEN): none of them says anything about the secret.
 */
export class ServiceTokenVerifier {
  private readonly key: Uint8Array

  constructor(
    secret: Buffer,
    private readonly audience: ServiceName,
  ) {
    this.key = keyOf(secret)
  }

  async verify(authorization: string | undefined): Promise<ServiceCall> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1]
    if (!token) throw new Errors.unauthenticated('Internal routes need a service token')
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
    try {
      ;({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        typ: 'corral-service+jwt',
        clockTolerance: clockToleranceSeconds,
        maxTokenAge: `${serviceTokenLifetimeSeconds + clockToleranceSeconds}s`,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      }))
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new Errors.invalidToken('The service token has expired')
      throw new Errors.invalidToken('The service token is not valid')
    }
    const caller = serviceNames.find((name) => payload.sub === name && payload.iss === issuerPrefix + name)
    if (!caller) throw new Errors.invalidToken('The service token names no known service')
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
    if (!audiences.includes(issuerPrefix + this.audience))
      throw new Errors.forbidden(`This service token is not for the ${this.audience} service`)
    // Signed by a holder of the shared secret, that is, by one of Corral's own processes.
    return { caller, actor: payload.corral_identity as Identity | undefined }
  }
}
