import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/** A page on another origin (a sibling subdomain gets the SameSite cookie too) acting for a signed-in browser. */
describe('cross-origin requests', () => {
  let corral: TestCorral
  let user: SignedIn
  let anonymous: ApiClient
  const evil = 'https://evil.example'

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const ownOrigin = () => new URL(corral.url).origin
  async function browserSession(): Promise<string> {
    const login = await anonymous.post('/corral/v1/auth/login', {
      username: user.username,
      password: user.password,
      use_cookie: true,
    })
    expect(login.status).toBe(200)
    return login.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('corral_refresh='))!
      .split(';')[0]!
  }
  const refreshWith = (cookie: string, headers: Record<string, string>) =>
    anonymous.request('POST', '/corral/v1/auth/refresh', undefined, { cookie, ...headers })

  it("does not let another origin's page refresh the browser session with its cookie", async () => {
    const cookie = await browserSession()
    const refused = await refreshWith(cookie, { origin: evil })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'CORRAL_ERR_CROSS_SITE' })
    // The refusal spent nothing: the browser's own page still refreshes with the same cookie.
    expect((await refreshWith(cookie, { origin: ownOrigin(), 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    )
  })

  it('refuses a cookie refresh that the browser marks as same-site or cross-site', async () => {
    const cookie = await browserSession()
    expect((await refreshWith(cookie, { 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await refreshWith(cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await refreshWith(cookie, { 'sec-fetch-site': 'none' })).status).toBe(200)
  })

  it('does not let another origin sign the browser out', async () => {
    const cookie = await browserSession()
    const refused = await anonymous.request('POST', '/corral/v1/auth/logout', undefined, {
      cookie,
      origin: evil,
    })
    expect(refused.status).toBe(403)
    expect((await refreshWith(cookie, {})).status).toBe(200)
  })

  it('still lets programs refresh with a token in the body from anywhere', async () => {
    const login = await anonymous.post<{ refresh_token: string }>('/corral/v1/auth/login', {
      username: user.username,
      password: user.password,
    })
    const refreshed = await anonymous.request(
      'POST',
      '/corral/v1/auth/refresh',
      { refresh_token: login.body.refresh_token },
      { origin: evil },
    )
    expect(refreshed.status).toBe(200)
  })

  it("does not open Corral's own API to other origins", async () => {
    const preflight = await fetch(`${corral.url}/corral/v1/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const me = await fetch(`${corral.url}/corral/v1/me`, {
      headers: { origin: evil, authorization: `Bearer ${user.api.token}` },
    })
    expect(me.headers.get('access-control-allow-origin')).toBeNull()
    for (const path of ['/healthz', '/metrics', '/corral/v1/openapi.json']) {
      const response = await fetch(corral.url + path, { headers: { origin: evil } })
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull()
    }
  })

  it('keeps the Ollama and OpenAI APIs open to browser clients that send a key', async () => {
    const { key } = await createKey(user.api)
    const preflight = await fetch(`${corral.url}/api/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: evil,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    const tags = await fetch(`${corral.url}/v1/models`, {
      headers: { origin: evil, authorization: `Bearer ${key}` },
    })
    expect(tags.headers.get('access-control-allow-origin')).toBe('*')
  })
})
