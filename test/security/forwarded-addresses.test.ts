import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { auditEntries, closeAgents, pollUntil, requestFrom } from '../accounts/accounts-helpers.ts'

/**
 * A stranger behind Corral's reverse proxy (127.0.0.61, trusted for X-Forwarded-For) sends a forged
 * `CF-Connecting-IP: 10.1.2.3`, an address on the allowlist. Only cloudflared (127.0.0.62) may say
 * where a client is with that header. (The real-nginx version of this test is in test/deploy.)
 */
describe('a forged CF-Connecting-IP through a reverse proxy', () => {
  const reverseProxy = '127.0.0.61'
  const cloudflared = '127.0.0.62'
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let key: string

  beforeAll(async () => {
    corral = await startTestCorral({
      config: { trustedProxies: [reverseProxy], cloudflareProxies: [cloudflared] },
    })
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    key = (await createKey(user.api, { cidrs: ['10.1.2.0/24'] })).key
    const saved = await admin.api.put('/corral/v1/admin/ip-allowlist', {
      enabled: true,
      entries: [
        { cidr: '127.0.0.1/32', note: 'the admin' },
        { cidr: '10.1.2.0/24', note: 'the office' },
      ],
    })
    expect(saved.status).toBe(200)
    await pollUntil(
      async () => (await requestFrom('127.0.0.63', `${corral.url}/api/tags`, { token: key })).status === 403,
    )
  })
  afterAll(async () => {
    await admin?.api.put('/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })
    await closeAgents()
    await corral?.close()
  })

  const forged = { 'cf-connecting-ip': '10.1.2.3' }

  it('does not get past the IP allowlist or the key’s CIDRs', async () => {
    const refused = await requestFrom(reverseProxy, `${corral.url}/api/tags`, { token: key, headers: forged })
    expect(refused.status).toBe(403)
    // The same header from cloudflared is believed.
    expect(
      (await requestFrom(cloudflared, `${corral.url}/api/tags`, { token: key, headers: forged })).status,
    ).toBe(200)
  })

  it('does not write the forged address into the audit log or the sign-in throttle', async () => {
    const login = await requestFrom(reverseProxy, `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username: user.username, password: 'wrong-password' },
      headers: { ...forged, 'x-forwarded-for': '10.1.2.77' },
    })
    expect(login.status).toBe(401)
    const [failure] = await auditEntries(admin.api, { action: 'auth.login_failed' })
    expect(failure?.ip).toBe('10.1.2.77')
  })
})
