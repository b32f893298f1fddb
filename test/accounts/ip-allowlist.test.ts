import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import {
  auditEntries,
  closeAgents,
  pollUntil,
  requestFrom,
  type CorralErrorBody,
} from './accounts-helpers.ts'

/**
 * The test process is the admin on 127.0.0.1, a trusted reverse proxy on 127.0.0.9, cloudflared on
 * 127.0.0.8, and untrusted
 * clients on 127.0.0.2 and 127.0.0.3. Addresses behind the proxy (203.0.113.x, 2001:db8::x) only
 * exist in forwarding headers.
 */
const proxy = '127.0.0.9'
/** cloudflared on this host: the only peer whose CF-Connecting-IP is believed. */
const cloudflared = '127.0.0.8'

describe('the global IP allowlist and client addresses', () => {
  let corral: TestCorral
  let admin: SignedIn
  let key: string

  beforeAll(async () => {
    corral = await startTestCorral({
      config: { trustedProxies: [`${proxy}/32`, '10.0.0.0/8'], cloudflareProxies: [cloudflared] },
    })
    admin = await signInAdmin(corral)
    key = (await createKey((await createUser(admin.api)).api)).key
  })
  afterAll(async () => {
    // Whatever a failed test left behind, the admin on 127.0.0.1 must be able to shut down cleanly.
    await admin?.api.put('/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })
    await closeAgents()
    await corral?.close()
  })

  const tagsFrom = (address: string, headers: Record<string, string> = {}) =>
    requestFrom(address, `${corral.url}/api/tags`, { token: key, headers })
  /** 198.51.100.99 is on no list: refused while a list is on, admitted while it is off. */
  const outsiderAdmitted = async () =>
    (await tagsFrom(proxy, { 'x-forwarded-for': '198.51.100.99' })).status === 200

  /**
   * Saves the list and waits until the gateway applies it: the gateway reloads its in-memory copy
   * when the change notification arrives, a moment after the PUT has answered.
   */
  const save = async (entries: string[], enabled = true) => {
    const saved = await admin.api.put<
      { enabled: boolean; entries: { cidr: string; note: string }[] } & CorralErrorBody
    >('/corral/v1/admin/ip-allowlist', {
      enabled,
      entries: entries.map((cidr) => ({ cidr, note: `note for ${cidr}` })),
    })
    if (saved.status === 200)
      await pollUntil(async () => (await outsiderAdmitted()) !== saved.body.enabled, {
        intervalMs: 5,
        timeoutMs: 2000,
      })
    return saved
  }
  const disable = () => save([], false)

  it('lets in only listed addresses, on every route but the health checks', async () => {
    try {
      const saved = await save(['127.0.0.1/32', '127.0.0.2'])
      expect(saved.status).toBe(200)
      expect(saved.body.entries.map((entry) => entry.cidr)).toEqual(['127.0.0.1/32', '127.0.0.2/32'])

      expect((await tagsFrom('127.0.0.2')).status).toBe(200)

      const ollama = await tagsFrom('127.0.0.3')
      expect(ollama.status).toBe(403)
      expect(ollama.body).toEqual({ error: 'Your address is not allowed to use this server' })
      const openai = await requestFrom<{ error: { type: string } }>('127.0.0.3', `${corral.url}/v1/models`, {
        token: key,
      })
      expect(openai.status).toBe(403)
      expect(openai.body.error.type).toBe('permission_error')
      const own = await requestFrom<CorralErrorBody>('127.0.0.3', `${corral.url}/corral/v1/me`, {
        token: key,
      })
      expect(own.status).toBe(403)
      expect(own.body.code).toBe('CORRAL_ERR_IP_NOT_ALLOWED')
      const login = await requestFrom<CorralErrorBody>('127.0.0.3', `${corral.url}/corral/v1/auth/login`, {
        method: 'POST',
        body: { username: corral.admin.username, password: corral.admin.password },
      })
      expect(login.status).toBe(403)
      expect(login.body.code).toBe('CORRAL_ERR_IP_NOT_ALLOWED')
      for (const path of ['/', '/corral/v1/openapi.json', '/corral/v1/auth/jwks', '/metrics']) {
        expect((await requestFrom('127.0.0.3', `${corral.url}${path}`)).status, path).toBe(403)
      }

      expect((await requestFrom('127.0.0.3', `${corral.url}/healthz`)).status).toBe(200)
      expect((await requestFrom('127.0.0.3', `${corral.url}/readyz`)).status).not.toBe(403)
    } finally {
      expect((await disable()).status).toBe(200)
    }
    expect((await tagsFrom('127.0.0.3')).status).toBe(200)
  })

  it('refuses a list that would lock out the admin saving it, and keeps the old one', async () => {
    try {
      expect((await save(['127.0.0.0/24'])).status).toBe(200)
      for (const entries of [['127.0.0.2/32'], [], ['2001:db8::/32']]) {
        const refused = await save(entries)
        expect(refused.status, JSON.stringify(entries)).toBe(409)
        expect(refused.body.code).toBe('CORRAL_ERR_ALLOWLIST_LOCKOUT')
        expect(refused.body.message).toContain('127.0.0.1')
      }
      const current = await admin.api.get<{ enabled: boolean; entries: { cidr: string }[] }>(
        '/corral/v1/admin/ip-allowlist',
      )
      expect(current.body).toMatchObject({ enabled: true, entries: [{ cidr: '127.0.0.0/24' }] })
      expect((await tagsFrom('127.0.0.3')).status).toBe(200)
      // A disabled list locks nobody out, whatever it holds.
      expect((await save(['192.0.2.0/24'], false)).status).toBe(200)
    } finally {
      await disable()
    }
  })

  it('refuses malformed CIDRs with a stable code and changes nothing', async () => {
    for (const cidr of ['banana', '10.0.0.0/33', '256.0.0.1', '2001:db8::/129', '10.0.0.0/-1', '']) {
      const result = await save(['127.0.0.1/32', cidr])
      expect(result.status, cidr).toBe(400)
      expect(result.body.code, cidr).toBe('CORRAL_ERR_INVALID_CIDR')
    }
    const current = await admin.api.get<{ enabled: boolean }>('/corral/v1/admin/ip-allowlist')
    expect(current.body.enabled).toBe(false)
  })

  it('stores entries canonically and without duplicates', async () => {
    try {
      const saved = await save(['127.0.0.1', '127.0.0.1/32', '10.9.8.7/8', '2001:DB8:0::1/32', '10.0.0.0/8'])
      expect(saved.status).toBe(200)
      expect(saved.body.entries.map((entry) => entry.cidr)).toEqual([
        '127.0.0.1/32',
        '10.0.0.0/8',
        '2001:db8::/32',
      ])
    } finally {
      await disable()
    }
  })

  describe('behind a trusted reverse proxy', () => {
    it('believes X-Forwarded-For from a trusted peer and CF-Connecting-IP from a Cloudflare peer only', async () => {
      try {
        expect((await save(['127.0.0.1/32', '203.0.113.0/24'])).status).toBe(200)
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
        expect((await tagsFrom(cloudflared, { 'cf-connecting-ip': '203.0.113.8' })).status).toBe(200)
        // A reverse proxy passes the client's own CF-Connecting-IP through: not believed from it.
        expect((await tagsFrom(proxy, { 'cf-connecting-ip': '203.0.113.8' })).status).toBe(403)
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(403)
        // The proxy itself is not on the list.
        expect((await tagsFrom(proxy)).status).toBe(403)
        // An untrusted peer cannot claim an allowed address.
        expect((await tagsFrom('127.0.0.3', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(403)
        expect((await tagsFrom('127.0.0.3', { 'cf-connecting-ip': '203.0.113.7' })).status).toBe(403)
      } finally {
        await disable()
      }
    })

    it('takes the right-most untrusted X-Forwarded-For hop, so a client cannot prepend an allowed one', async () => {
      try {
        expect((await save(['127.0.0.1/32', '203.0.113.0/24'])).status).toBe(200)
        // Client wrote 203.0.113.7; the proxy appended the real address 198.51.100.1.
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '203.0.113.7, 198.51.100.1' })).status).toBe(403)
        // A chain of trusted proxies (10.x) in front of the client: skipped.
        expect(
          (await tagsFrom(proxy, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.1.2.3' })).status,
        ).toBe(200)
      } finally {
        await disable()
      }
    })

    it('matches forwarded IPv6 addresses against IPv6 entries', async () => {
      try {
        expect((await save(['127.0.0.1/32', '2001:db8::/32'])).status).toBe(200)
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '2001:db8::5' })).status).toBe(200)
        expect((await tagsFrom(cloudflared, { 'cf-connecting-ip': '2001:db8:1:2::3' })).status).toBe(200)
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '2001:db9::1' })).status).toBe(403)
        expect((await tagsFrom(proxy, { 'x-forwarded-for': '::ffff:203.0.113.7' })).status).toBe(403)
      } finally {
        await disable()
      }
    })

    it('refuses a list that shuts out an admin working through the proxy', async () => {
      const viaProxy = (body: unknown) =>
        requestFrom<CorralErrorBody>(proxy, `${corral.url}/corral/v1/admin/ip-allowlist`, {
          method: 'PUT',
          token: admin.api.token,
          body,
          headers: { 'x-forwarded-for': '203.0.113.9' },
        })
      const refused = await viaProxy({ enabled: true, entries: [{ cidr: '127.0.0.0/8', note: '' }] })
      expect(refused.status).toBe(409)
      expect(refused.body.message).toContain('203.0.113.9')
      try {
        const accepted = await viaProxy({
          enabled: true,
          entries: [
            { cidr: '203.0.113.0/24', note: 'office' },
            { cidr: '127.0.0.1/32', note: 'me' },
          ],
        })
        expect(accepted.status).toBe(200)
        await pollUntil(async () => !(await outsiderAdmitted()), { timeoutMs: 2000 })
      } finally {
        await disable()
      }
    })

    it('records the forwarded client address in the audit log, and the socket address otherwise', async () => {
      const user = await createUser(admin.api)
      const login = (from: string, forwardedFor: string) =>
        requestFrom(from, `${corral.url}/corral/v1/auth/login`, {
          method: 'POST',
          body: { username: user.username, password: user.password },
          headers: { 'x-forwarded-for': forwardedFor },
        })
      expect((await login(proxy, '203.0.113.50')).status).toBe(200)
      expect((await login('127.0.0.3', '203.0.113.51')).status).toBe(200)
      const logins = await auditEntries(admin.api, { action: 'auth.login', actor_user_id: user.userId })
      expect(logins.map((entry) => entry.ip).sort()).toEqual(['127.0.0.1', '127.0.0.3', '203.0.113.50'])
    })

    it('checks a key’s own CIDRs against the forwarded address', async () => {
      const user = await createUser(admin.api)
      const { key: officeKey } = await createKey(user.api, { cidrs: ['203.0.113.0/24'] })
      expect(
        (
          await requestFrom(proxy, `${corral.url}/api/tags`, {
            token: officeKey,
            headers: { 'x-forwarded-for': '203.0.113.20' },
          })
        ).status,
      ).toBe(200)
      expect(
        (
          await requestFrom(proxy, `${corral.url}/api/tags`, {
            token: officeKey,
            headers: { 'x-forwarded-for': '198.51.100.20' },
          })
        ).status,
      ).toBe(403)
      expect(
        (
          await requestFrom('127.0.0.3', `${corral.url}/api/tags`, {
            token: officeKey,
            headers: { 'x-forwarded-for': '203.0.113.20' },
          })
        ).status,
      ).toBe(403)
    })
  })

  it('keeps the allowlist for admins', async () => {
    const user = await createUser(admin.api)
    expect((await user.api.get('/corral/v1/admin/ip-allowlist')).status).toBe(403)
    expect((await user.api.put('/corral/v1/admin/ip-allowlist', { enabled: true, entries: [] })).status).toBe(
      403,
    )
  })
})
