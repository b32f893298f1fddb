import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/** Forged or unusual credentials that a stranger (or a careless client) sends. */
describe('access tokens and the Authorization header', () => {
  let corral: TestCorral
  let user: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
  })
  afterAll(() => corral?.close())

  /** A token signed with Corral's own current key, with whatever claims the test wants. */
  async function signWithCorralsKey(claims: { exp?: number; iat?: number }) {
    const { kid, privateKey } = corral.corral.auth.keyRing.signingKey()
    const jwt = new SignJWT({ sid: randomUUID() })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer('corral')
      .setAudience('corral')
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat)
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp)
    return jwt.sign(privateKey)
  }
  const status = async (token: string) => (await new ApiClient(corral.url, token).get('/corral/v1/me')).status
  const now = () => Math.floor(Date.now() / 1000)

  it('accepts a token signed with its key and the usual claims (the control case)', async () => {
    expect(await status(await signWithCorralsKey({ iat: now(), exp: now() + 600 }))).toBe(200)
  })

  it('refuses a correctly signed token that never expires', async () => {
    expect(await status(await signWithCorralsKey({ iat: now() }))).toBe(401)
  })

  it('refuses a correctly signed token without an issue time', async () => {
    expect(await status(await signWithCorralsKey({ exp: now() + 600 }))).toBe(401)
  })

  it('refuses a correctly signed token that lives longer than the tokens Corral issues', async () => {
    expect(await status(await signWithCorralsKey({ iat: now(), exp: now() + 30 * 24 * 3600 }))).toBe(401)
  })

  it('reads the Bearer scheme without regard to case, as HTTP requires', async () => {
    const { key } = await createKey(user.api)
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const response = await fetch(`${corral.url}/api/tags`, {
        headers: { authorization: `${scheme} ${key}` },
      })
      expect(response.status, scheme).toBe(200)
      const session = await fetch(`${corral.url}/corral/v1/me`, {
        headers: { authorization: `${scheme}  ${user.api.token}` },
      })
      expect(session.status, scheme).toBe(200)
    }
  })
})
