import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type Identity,
  registerErrorHandler,
  registerInternalRoutes,
  ServiceTokenSigner,
  ServiceTokenVerifier,
} from '../src/index.ts'

const secret = randomBytes(32)
const actor: Identity = {
  userId: '6f1f3c1e-8a57-4d8e-9a55-2c4a4a0d6b11',
  username: 'ada',
  role: 'user',
  groupId: '0b7c6a3e-39ff-4a4e-bc44-1b53fc1e7a2a',
  method: 'api_key',
  keyId: 'a1e0c6f2-9b7d-4f1e-8f7e-3d2c1b0a9f8e',
  priority: 5,
  weight: 1,
  scopes: [],
  modelAllowlist: ['llama3.2:latest'],
  keyCidrs: null,
  keyLimits: null,
  keyRestricted: true,
  groupLimits: {
    maxConcurrency: 2,
    requestsPerMinute: null,
    tokensPerMinute: null,
    dailyTokenQuota: null,
    monthlyTokenQuota: 100_000,
  },
  credentialExpiresAt: null,
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('service tokens', () => {
  it('carry the caller and the acting identity to the service they were made for', async () => {
    const token = await new ServiceTokenSigner(secret, 'gateway').sign('proxy', actor)
    expect(await new ServiceTokenVerifier(secret, 'proxy').verify(`Bearer ${token}`)).toEqual({
      caller: 'gateway',
      actor,
    })
  })

  it('refuse a missing token, another secret, another audience, an expired token and an unsigned one', async () => {
    const verifier = new ServiceTokenVerifier(secret, 'proxy')
    const signed = (key: Buffer, claims: Record<string, unknown>, alg = 'HS256') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg, typ: 'corral-service+jwt' })
        .setIssuer('corral:gateway')
        .setSubject('gateway')
        .setAudience('corral:proxy')
        .sign(new Uint8Array(key))
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'corral-service+jwt' })
      .setIssuer('corral:gateway')
      .setSubject('gateway')
      .setAudience('corral:proxy')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 540)
      .sign(new Uint8Array(secret))
    const unsigned = `${Buffer.from('{"alg":"none","typ":"corral-service+jwt"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: 'corral:gateway', sub: 'gateway', aud: 'corral:proxy', iat: 1, exp: 4e9 }),
    ).toString('base64url')}.`
    const cases: Array<[string | undefined, string, number]> = [
      [undefined, 'CORRAL_ERR_UNAUTHENTICATED', 401],
      ['Basic Z2F0ZXdheTp4', 'CORRAL_ERR_UNAUTHENTICATED', 401],
      [
        `Bearer ${await new ServiceTokenSigner(randomBytes(32), 'gateway').sign('proxy')}`,
        'CORRAL_ERR_INVALID_TOKEN',
        401,
      ],
      [
        `Bearer ${await new ServiceTokenSigner(secret, 'gateway').sign('users')}`,
        'CORRAL_ERR_FORBIDDEN',
        403,
      ],
      [`Bearer ${expired}`, 'CORRAL_ERR_INVALID_TOKEN', 401],
      [`Bearer ${unsigned}`, 'CORRAL_ERR_INVALID_TOKEN', 401],
      // Signed right, but without a lifetime: a token that never expires is refused.
      [
        `Bearer ${await signed(secret, { iat: Math.floor(Date.now() / 1000) })}`,
        'CORRAL_ERR_INVALID_TOKEN',
        401,
      ],
      // The right secret with another algorithm.
      [
        `Bearer ${await signed(secret, { iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 }, 'HS512')}`,
        'CORRAL_ERR_INVALID_TOKEN',
        401,
      ],
    ]
    for (const [authorization, code, status] of cases) {
      const error = (await errorOf(verifier.verify(authorization))) as { code: string; statusCode: number }
      expect({
        authorization: authorization?.slice(0, 12),
        code: error.code,
        status: error.statusCode,
      }).toEqual({
        authorization: authorization?.slice(0, 12),
        code,
        status,
      })
    }
    expect(((await errorOf(verifier.verify(`Bearer ${expired}`))) as Error).message).toMatch(/expired/)
  })

  it('need a secret of at least 32 bytes', () => {
    expect(() => new ServiceTokenSigner(randomBytes(16), 'gateway')).toThrow(/at least 32 bytes/)
    expect(() => new ServiceTokenVerifier(randomBytes(31), 'proxy')).toThrow(/at least 32 bytes/)
  })
})

describe('internal routes', () => {
  const apps: FastifyInstance[] = []
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()))
  })

  it('answer only on the internal listener, and only with a service token for this service', async () => {
    const publicApp = Fastify()
    const internalApp = Fastify()
    apps.push(publicApp, internalApp)
    for (const app of [publicApp, internalApp]) registerErrorHandler(app)
    await registerInternalRoutes(internalApp, new ServiceTokenVerifier(secret, 'proxy'), (scope) => {
      scope.get('/whoami', async (request) => request.serviceCall)
    })
    const publicUrl = await publicApp.listen({ host: '127.0.0.1', port: 0 })
    const internalUrl = await internalApp.listen({ host: '127.0.0.1', port: 0 })
    const token = await new ServiceTokenSigner(secret, 'gateway').sign('proxy', actor)
    const ask = (base: string, authorization?: string) =>
      fetch(`${base}/internal/v1/whoami`, { headers: authorization ? { authorization } : {} })

    const onPublic = await ask(publicUrl, `Bearer ${token}`)
    expect(onPublic.status).toBe(404)
    const withoutToken = await ask(internalUrl)
    expect(withoutToken.status).toBe(401)
    expect(await withoutToken.json()).toMatchObject({ statusCode: 401, code: 'CORRAL_ERR_UNAUTHENTICATED' })
    const forUsers = await ask(
      internalUrl,
      `Bearer ${await new ServiceTokenSigner(secret, 'gateway').sign('users')}`,
    )
    expect(forUsers.status).toBe(403)
    const good = await ask(internalUrl, `Bearer ${token}`)
    expect(good.status).toBe(200)
    expect(await good.json()).toEqual({ caller: 'gateway', actor })
  })
})
