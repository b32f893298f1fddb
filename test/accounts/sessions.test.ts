import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createKey,
  createUser,
  signIn,
  signInAdmin,
  type SignedIn,
} from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import type { CorralErrorBody } from './accounts-helpers.ts'

interface TokenPair {
  access_token: string
  refresh_token?: string
  token_type: string
  expires_in: number
}

describe('sessions: access tokens, refresh tokens, logout, password change', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
    anonymous.post<TokenPair>('/corral/v1/auth/login', { username, password, ...extra })
  const refresh = (refreshToken: string) =>
    anonymous.post<TokenPair & CorralErrorBody>('/corral/v1/auth/refresh', { refresh_token: refreshToken })
  const meStatus = async (accessToken: string) =>
    (await anonymous.withToken(accessToken).get('/corral/v1/me')).status

  it('issues a short-lived EdDSA access token that verifies against the published JWKS', async () => {
    const user = await createUser(admin.api)
    const pair = await login(user.username, user.password)
    expect(pair.status).toBe(200)
    expect(pair.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 })
    expect(pair.body.refresh_token).toMatch(/^corral_rt_/)
    const jwks = await anonymous.get<JSONWebKeySet>('/corral/v1/auth/jwks')
    expect(jwks.status).toBe(200)
    expect(jwks.body.keys.length).toBeGreaterThan(0)
    for (const key of jwks.body.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
      expect(key).not.toHaveProperty('d')
    }
    expect(decodeProtectedHeader(pair.body.access_token)).toMatchObject({ alg: 'EdDSA' })
    const { payload } = await jwtVerify(pair.body.access_token, createLocalJWKSet(jwks.body), {
      issuer: 'corral',
      audience: 'corral',
      algorithms: ['EdDSA'],
    })
    expect(payload.sub).toBe(user.userId)
    expect(payload.exp! - payload.iat!).toBe(900)
  })

  it('refuses an access token signed by a key it did not publish', async () => {
    const user = await createUser(admin.api)
    const pair = await login(user.username, user.password)
    const { kid } = decodeProtectedHeader(pair.body.access_token)
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    expect(await exportJWK(privateKey)).toHaveProperty('d')
    for (const headerKid of [kid!, 'made-up-kid']) {
      const forged = await new SignJWT({ sid: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'EdDSA', kid: headerKid, typ: 'JWT' })
        .setSubject(admin.userId)
        .setIssuer('corral')
        .setAudience('corral')
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey)
      const result = await anonymous.withToken(forged).get<CorralErrorBody>('/corral/v1/me')
      expect(result.status).toBe(401)
      expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    }
    const [header, , signature] = pair.body.access_token.split('.')
    const claims = Buffer.from(
      JSON.stringify({ sub: admin.userId, sid: 'x', iss: 'corral', aud: 'corral', exp: 9_999_999_999 }),
    ).toString('base64url')
    expect(await meStatus(`${header}.${claims}.${signature}`)).toBe(401)
  })

  it('rotates the refresh token on every use', async () => {
    const user = await createUser(admin.api)
    const first = await login(user.username, user.password)
    const second = await refresh(first.body.refresh_token!)
    expect(second.status).toBe(200)
    expect(second.body.refresh_token).toMatch(/^corral_rt_/)
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token)
    const third = await refresh(second.body.refresh_token!)
    expect(third.status).toBe(200)
    expect(await meStatus(third.body.access_token)).toBe(200)
  })

  it('ends the whole session when a spent refresh token is replayed', async () => {
    const user = await createUser(admin.api)
    const other = await login(user.username, user.password)
    const first = await login(user.username, user.password)
    const rotated = await refresh(first.body.refresh_token!)
    expect(rotated.status).toBe(200)
    expect(await meStatus(rotated.body.access_token)).toBe(200)

    const replay = await refresh(first.body.refresh_token!)
    expect(replay.status).toBe(401)
    expect(replay.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    // The thief and the owner both lose the session: the rotated-to token is dead too…
    const afterReplay = await refresh(rotated.body.refresh_token!)
    expect(afterReplay.status).toBe(401)
    // …and so are the session's access tokens, old and new.
    expect(await meStatus(rotated.body.access_token)).toBe(401)
    expect(await meStatus(first.body.access_token)).toBe(401)
    // Another session of the same user is not affected.
    expect(await meStatus(other.body.access_token)).toBe(200)
    expect((await refresh(other.body.refresh_token!)).status).toBe(200)
  })

  it('refuses unknown refresh tokens', async () => {
    const result = await refresh('corral_rt_not-a-token')
    expect(result.status).toBe(401)
    expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    const none = await anonymous.request<CorralErrorBody>('POST', '/corral/v1/auth/refresh')
    expect(none.status).toBe(401)
    expect(none.body.code).toBe('CORRAL_ERR_UNAUTHENTICATED')
  })

  it('ends the session on logout, and only that one', async () => {
    const user = await createUser(admin.api)
    const kept = await login(user.username, user.password)
    const ended = await login(user.username, user.password)
    expect(
      (await anonymous.post('/corral/v1/auth/logout', { refresh_token: ended.body.refresh_token })).status,
    ).toBe(204)
    expect((await refresh(ended.body.refresh_token!)).status).toBe(401)
    expect(await meStatus(ended.body.access_token)).toBe(401)
    expect(await meStatus(kept.body.access_token)).toBe(200)
    // Logging out again, or with a token never issued, is harmless.
    expect(
      (await anonymous.post('/corral/v1/auth/logout', { refresh_token: ended.body.refresh_token })).status,
    ).toBe(204)
    expect(
      (await anonymous.post('/corral/v1/auth/logout', { refresh_token: 'corral_rt_unknown' })).status,
    ).toBe(204)
  })

  describe('password change', () => {
    it('ends the other sessions but keeps the current one', async () => {
      const user = await createUser(admin.api)
      const current = await login(user.username, user.password)
      const other = await login(user.username, user.password)
      const newPassword = strongPassword()
      const changed = await anonymous
        .withToken(current.body.access_token)
        .post('/corral/v1/auth/password', { current_password: user.password, new_password: newPassword })
      expect(changed.status).toBe(204)

      expect(await meStatus(current.body.access_token)).toBe(200)
      const currentRefreshed = await refresh(current.body.refresh_token!)
      expect(currentRefreshed.status).toBe(200)
      expect(await meStatus(currentRefreshed.body.access_token)).toBe(200)

      expect(await meStatus(other.body.access_token)).toBe(401)
      expect((await refresh(other.body.refresh_token!)).status).toBe(401)

      expect((await login(user.username, user.password)).status).toBe(401)
      expect((await login(user.username, newPassword)).status).toBe(200)
    })

    it('lets a session started right after the change work', async () => {
      const user = await createUser(admin.api)
      const newPassword = strongPassword()
      const changed = await user.api.post('/corral/v1/auth/password', {
        current_password: user.password,
        new_password: newPassword,
      })
      expect(changed.status).toBe(204)
      const fresh = await login(user.username, newPassword)
      expect(fresh.status).toBe(200)
      expect(await meStatus(fresh.body.access_token)).toBe(200)
    })

    it('refuses a wrong current password and a weak new one, and keeps the old password', async () => {
      const user = await createUser(admin.api)
      const wrong = await user.api.post<CorralErrorBody>('/corral/v1/auth/password', {
        current_password: 'not-my-password',
        new_password: strongPassword(),
      })
      expect(wrong.status).toBe(401)
      expect(wrong.body.code).toBe('CORRAL_ERR_INVALID_CREDENTIALS')
      const weak = await user.api.post<CorralErrorBody>('/corral/v1/auth/password', {
        current_password: user.password,
        new_password: 'password',
      })
      expect(weak.status).toBe(400)
      expect(weak.body.code).toBe('CORRAL_ERR_WEAK_PASSWORD')
      expect((await login(user.username, user.password)).status).toBe(200)
      expect(await meStatus(user.api.token!)).toBe(200)
    })

    it('cannot be done with an API key or without signing in', async () => {
      const user = await createUser(admin.api)
      const { key } = await createKey(user.api)
      const withKey = await anonymous.withToken(key).post<CorralErrorBody>('/corral/v1/auth/password', {
        current_password: user.password,
        new_password: strongPassword(),
      })
      expect(withKey.status).toBe(403)
      expect(withKey.body.code).toBe('CORRAL_ERR_SESSION_REQUIRED')
      const anonymousChange = await anonymous.post<CorralErrorBody>('/corral/v1/auth/password', {
        current_password: user.password,
        new_password: strongPassword(),
      })
      expect(anonymousChange.status).toBe(401)
      expect((await login(user.username, user.password)).status).toBe(200)
    })
  })

  it('ends every session of a user whose password an admin resets', async () => {
    const user = await createUser(admin.api)
    const session = await login(user.username, user.password)
    const password = strongPassword()
    expect(
      (await admin.api.post(`/corral/v1/admin/users/${user.userId}/password`, { password })).status,
    ).toBe(204)
    expect(await meStatus(session.body.access_token)).toBe(401)
    expect((await refresh(session.body.refresh_token!)).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(401)
    const fresh = await login(user.username, password)
    expect(fresh.status).toBe(200)
    expect(await meStatus(fresh.body.access_token)).toBe(200)
  })

  it('stops refreshing the sessions of a disabled user', async () => {
    const user = await createUser(admin.api)
    const session = await login(user.username, user.password)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })).status).toBe(
      200,
    )
    expect(await meStatus(session.body.access_token)).toBe(401)
    expect((await refresh(session.body.refresh_token!)).status).toBe(401)
  })

  describe('browser apps with the refresh cookie', () => {
    const cookieFrom = (headers: Headers) =>
      headers.getSetCookie().find((cookie) => cookie.startsWith('corral_refresh='))

    it('sets an httpOnly, SameSite=Strict cookie scoped to the auth routes and leaves the token out of the body', async () => {
      const user = await createUser(admin.api)
      const result = await login(user.username, user.password, { use_cookie: true })
      expect(result.status).toBe(200)
      expect(result.body).not.toHaveProperty('refresh_token')
      const cookie = cookieFrom(result.headers)
      expect(cookie).toBeDefined()
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/SameSite=Strict/i)
      expect(cookie).toMatch(/Path=\/corral\/v1\/auth(;|$)/)
      expect(cookie!.split(';')[0]).toMatch(/^corral_refresh=corral_rt_/)
    })

    it('marks the cookie Secure when the browser came over HTTPS through a TLS-terminating proxy', async () => {
      const user = await createUser(admin.api)
      const plain = await login(user.username, user.password, { use_cookie: true })
      expect(cookieFrom(plain.headers)).not.toMatch(/Secure/i)
      const viaProxy = await anonymous.request<TokenPair>(
        'POST',
        '/corral/v1/auth/login',
        { username: user.username, password: user.password, use_cookie: true },
        { 'x-forwarded-proto': 'https' },
      )
      expect(viaProxy.status).toBe(200)
      expect(cookieFrom(viaProxy.headers)).toMatch(/; Secure/i)
    })

    it('refreshes with the cookie alone, rotating it, and refuses the spent cookie', async () => {
      const user = await createUser(admin.api)
      const first = await login(user.username, user.password, { use_cookie: true })
      const firstCookie = cookieFrom(first.headers)!.split(';')[0]!
      const refreshed = await anonymous.request<TokenPair>('POST', '/corral/v1/auth/refresh', undefined, {
        cookie: firstCookie,
      })
      expect(refreshed.status).toBe(200)
      expect(refreshed.body).not.toHaveProperty('refresh_token')
      expect(await meStatus(refreshed.body.access_token)).toBe(200)
      const secondCookie = cookieFrom(refreshed.headers)!.split(';')[0]!
      expect(secondCookie).not.toBe(firstCookie)

      const replayed = await anonymous.request<CorralErrorBody>(
        'POST',
        '/corral/v1/auth/refresh',
        undefined,
        { cookie: firstCookie },
      )
      expect(replayed.status).toBe(401)
      expect(cookieFrom(replayed.headers)).toMatch(/^corral_refresh=;/)
      const afterReplay = await anonymous.request('POST', '/corral/v1/auth/refresh', undefined, {
        cookie: secondCookie,
      })
      expect(afterReplay.status).toBe(401)
    })

    it('clears the cookie and ends the session on logout', async () => {
      const user = await createUser(admin.api)
      const first = await login(user.username, user.password, { use_cookie: true })
      const cookie = cookieFrom(first.headers)!.split(';')[0]!
      const logout = await anonymous.request('POST', '/corral/v1/auth/logout', undefined, { cookie })
      expect(logout.status).toBe(204)
      expect(cookieFrom(logout.headers)).toMatch(/^corral_refresh=;/)
      expect(await meStatus(first.body.access_token)).toBe(401)
      expect((await anonymous.request('POST', '/corral/v1/auth/refresh', undefined, { cookie })).status).toBe(
        401,
      )
    })
  })

  it('signs in the user that exists under any letter case of the name', async () => {
    const user = await createUser(admin.api)
    const signedIn = await signIn(corral.url, user.username.toUpperCase(), user.password)
    expect(signedIn.userId).toBe(user.userId)
  })
})
