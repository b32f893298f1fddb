import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { closeAgents, pollUntil, requestFrom, type CorralErrorBody } from './accounts-helpers.ts'

interface ApiKey {
  id: string
  name: string
  prefix: string
  priority: number
  priority_override: number | null
  models: string[] | null
  cidrs: string[] | null
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}

describe('API keys', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(async () => {
    await closeAgents()
    await corral?.close()
  })

  const tagsStatus = async (key: string) => (await anonymous.withToken(key).get('/api/tags')).status
  const chat = (key: string, model = 'llama3.2') =>
    anonymous.withToken(key).post<{ message?: { content: string }; error?: string }>('/api/chat', {
      model,
      messages: [{ role: 'user', content: 'hello' }],
      stream: false,
    })

  it('gives a user several named keys, shows each secret once and lists them without secrets', async () => {
    const user = await createUser(admin.api)
    const laptop = await createKey(user.api, { name: 'laptop' })
    const ci = await createKey(user.api, { name: 'ci' })
    expect(laptop.key).toMatch(/^corral_sk_/)
    expect(ci.key).not.toBe(laptop.key)
    const list = await user.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')
    expect(list.body.keys.map((key) => key.name).sort()).toEqual(['ci', 'laptop'])
    for (const key of list.body.keys) expect(key).not.toHaveProperty('key')
    expect(JSON.stringify(list.body)).not.toContain(laptop.key)
    expect(laptop.key.startsWith(list.body.keys.find((key) => key.id === laptop.id)!.prefix)).toBe(true)
    expect(await tagsStatus(laptop.key)).toBe(200)
    expect(await tagsStatus(ci.key)).toBe(200)
  })

  it('accepts a key as a Bearer token on /api and /v1, and in x-api-key', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    expect((await anonymous.withToken(key).get('/v1/models')).status).toBe(200)
    expect((await anonymous.request('GET', '/api/tags', undefined, { 'x-api-key': key })).status).toBe(200)
    expect((await anonymous.withToken(key).get('/corral/v1/me')).status).toBe(200)
  })

  it('refuses unknown keys in the error shape of each API', async () => {
    const bogus = 'corral_sk_this-key-does-not-exist'
    const ollama = await anonymous.withToken(bogus).get<{ error: string }>('/api/tags')
    expect(ollama.status).toBe(401)
    expect(Object.keys(ollama.body)).toEqual(['error'])
    const openai = await anonymous
      .withToken(bogus)
      .get<{ error: { message: string; type: string } }>('/v1/models')
    expect(openai.status).toBe(401)
    expect(openai.body.error).toMatchObject({ type: 'authentication_error', param: null, code: null })
    const corralApi = await anonymous.withToken(bogus).get<CorralErrorBody>('/corral/v1/me')
    expect(corralApi.status).toBe(401)
    expect(corralApi.body.code).toBe('CORRAL_ERR_UNAUTHENTICATED')
    expect((await anonymous.get('/api/tags')).status).toBe(401)
  })

  it('stops accepting a revoked key within a second or two, though keys are cached', async () => {
    const user = await createUser(admin.api)
    const { id, key } = await createKey(user.api)
    expect(await tagsStatus(key)).toBe(200)
    expect(await tagsStatus(key)).toBe(200) // now certainly cached
    const sent = performance.now()
    expect((await user.api.delete(`/corral/v1/me/keys/${id}`)).status).toBe(204)
    const answered = performance.now()
    let probes = 0
    const refused = async () => {
      probes++
      return (await tagsStatus(key)) === 401
    }
    const latency = await pollUntil(refused, {
      intervalMs: 10,
      timeoutMs: 5000,
    })
    console.info(
      `[${corral.testDatabase.database.kind}] revocation: DELETE took ${(answered - sent).toFixed(1)} ms; key refused ${latency.toFixed(1)} ms after the DELETE answered, by probe ${probes}`,
    )
    expect(latency).toBeLessThan(2000)
    const listed = await user.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')
    expect(listed.body.keys.map((listedKey) => listedKey.id)).not.toContain(id)
    const again = await user.api.delete<CorralErrorBody>(`/corral/v1/me/keys/${id}`)
    expect(again.status).toBe(404)
  })

  it('stops accepting the keys of a disabled user within a second or two, and accepts them again once re-enabled', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    expect(await tagsStatus(key)).toBe(200)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })).status).toBe(
      200,
    )
    let probes = 0
    const refused = async () => {
      probes++
      return (await tagsStatus(key)) === 401
    }
    const latency = await pollUntil(refused, {
      intervalMs: 10,
      timeoutMs: 5000,
    })
    console.info(
      `[${corral.testDatabase.database.kind}] disabled user: key refused ${latency.toFixed(1)} ms after the PATCH answered, by probe ${probes}`,
    )
    expect(latency).toBeLessThan(2000)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: false })).status).toBe(
      200,
    )
    await pollUntil(async () => (await tagsStatus(key)) === 200, { timeoutMs: 7000 })
  })

  it('lets an admin revoke any user’s key and see it among the revoked ones', async () => {
    const user = await createUser(admin.api)
    const { id, key } = await createKey(user.api)
    expect(await tagsStatus(key)).toBe(200)
    expect((await admin.api.delete(`/corral/v1/admin/keys/${id}`)).status).toBe(204)
    await pollUntil(async () => (await tagsStatus(key)) === 401, { timeoutMs: 2000 })
    const active = await admin.api.get<{ keys: ApiKey[] }>(`/corral/v1/admin/users/${user.userId}/keys`)
    expect(active.body.keys).toEqual([])
    const all = await admin.api.get<{ keys: ApiKey[] }>(
      `/corral/v1/admin/users/${user.userId}/keys?include_revoked=true`,
    )
    expect(all.body.keys).toHaveLength(1)
    expect(all.body.keys[0]!.revoked_at).not.toBeNull()
  })

  describe('expiry', () => {
    it('stops accepting a key once it expires', async () => {
      const user = await createUser(admin.api)
      const expiresAt = Date.now() + 2000
      const { key } = await createKey(user.api, { expires_at: new Date(expiresAt).toISOString() })
      expect(await tagsStatus(key)).toBe(200)
      await pollUntil(async () => (await tagsStatus(key)) === 401, { intervalMs: 20, timeoutMs: 6000 })
      expect(Date.now() - expiresAt).toBeLessThan(1500)
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt)
    })

    it('refuses an expiry in the past or a malformed one', async () => {
      const user = await createUser(admin.api)
      const past = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', {
        name: 'old',
        expires_at: new Date(Date.now() - 1000).toISOString(),
      })
      expect(past.status).toBe(400)
      expect(past.body.code).toBe('CORRAL_ERR_VALIDATION')
      const malformed = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', {
        name: 'odd',
        expires_at: 'next tuesday',
      })
      expect(malformed.status).toBe(400)
      expect(malformed.body.code).toBe('CORRAL_ERR_VALIDATION')
    })
  })

  describe('model allowlist', () => {
    it('lets a key use only its models, and lists only those', async () => {
      const user = await createUser(admin.api)
      const { key } = await createKey(user.api, { models: ['llama3.2'] })
      expect((await chat(key, 'llama3.2')).status).toBe(200)
      const refused = await chat(key, 'qwen3:8b')
      expect(refused.status).toBe(403)
      expect(refused.body.error).toMatch(/qwen3:8b/)
      const tags = await anonymous.withToken(key).get<{ models: { name: string }[] }>('/api/tags')
      expect(tags.body.models.map((model) => model.name)).toEqual(['llama3.2:latest'])
    })
  })

  describe('CIDR allowlist', () => {
    it('accepts a key only from its addresses', async () => {
      const user = await createUser(admin.api)
      const { key } = await createKey(user.api, { cidrs: ['127.0.0.2/32', '10.0.0.0/8'] })
      const fromAllowed = await requestFrom(`127.0.0.2`, `${corral.url}/api/tags`, { token: key })
      expect(fromAllowed.status).toBe(200)
      const fromOther = await requestFrom<{ error: string }>(`127.0.0.3`, `${corral.url}/api/tags`, {
        token: key,
      })
      expect(fromOther.status).toBe(403)
      expect(fromOther.body.error).toMatch(/address/)
      expect(await tagsStatus(key)).toBe(403)
    })

    it('stores CIDRs in canonical form', async () => {
      const user = await createUser(admin.api)
      const created = await user.api.post<ApiKey>('/corral/v1/me/keys', {
        name: 'canon',
        cidrs: ['10.1.2.3/8', '2001:DB8::1/32', '192.168.0.7'],
      })
      expect(created.status).toBe(201)
      expect(created.body.cidrs).toEqual(['10.0.0.0/8', '2001:db8::/32', '192.168.0.7/32'])
    })

    it('refuses malformed CIDRs with a stable code and creates no key', async () => {
      const user = await createUser(admin.api)
      for (const cidr of ['banana', '300.1.1.1/8', '10.0.0.0/33', '::1/129', '', '10.0.0.0/']) {
        const result = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', {
          name: 'bad',
          cidrs: [cidr],
        })
        expect(result.status, cidr).toBe(400)
        expect(result.body.code, cidr).toBe('CORRAL_ERR_INVALID_CIDR')
      }
      expect((await user.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')).body.keys).toEqual([])
    })
  })

  it('records when a key was last used', async () => {
    const user = await createUser(admin.api)
    const { id, key } = await createKey(user.api)
    const before = await user.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')
    expect(before.body.keys.find((listed) => listed.id === id)!.last_used_at).toBeNull()
    const started = Date.now()
    expect((await chat(key)).status).toBe(200)
    let lastUsed: string | null = null
    await pollUntil(
      async () => {
        const list = await user.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')
        lastUsed = list.body.keys.find((listed) => listed.id === id)!.last_used_at
        return lastUsed !== null
      },
      { intervalMs: 100, timeoutMs: 5000 },
    )
    expect(Date.parse(lastUsed!)).toBeGreaterThanOrEqual(started - 1000)
    expect(Date.parse(lastUsed!)).toBeLessThanOrEqual(Date.now())
  })

  it('lets only admins grant the model-management scope', async () => {
    const user = await createUser(admin.api)
    const refused = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', {
      name: 'puller',
      scopes: ['models:manage'],
    })
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('CORRAL_ERR_FORBIDDEN')
    const granted = await admin.api.post<ApiKey & { scopes: string[] }>(
      `/corral/v1/admin/users/${user.userId}/keys`,
      { name: 'puller', scopes: ['models:manage'] },
    )
    expect(granted.status).toBe(201)
    expect(granted.body.scopes).toEqual(['models:manage'])
  })

  describe('ownership', () => {
    it('does not list another user’s keys', async () => {
      const alice = await createUser(admin.api)
      const bob = await createUser(admin.api)
      const alicesKey = await createKey(alice.api, { name: 'alice-key' })
      const bobs = await bob.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')
      expect(bobs.body.keys.map((key) => key.id)).not.toContain(alicesKey.id)
    })

    it('does not let a user revoke another user’s key', async () => {
      const alice = await createUser(admin.api)
      const bob = await createUser(admin.api)
      const alicesKey = await createKey(alice.api)
      const attempt = await bob.api.delete<CorralErrorBody>(`/corral/v1/me/keys/${alicesKey.id}`)
      expect(attempt.status).toBe(404)
      expect(attempt.body.code).toBe('CORRAL_ERR_NOT_FOUND')
      expect(await tagsStatus(alicesKey.key)).toBe(200)
    })

    it('does not let a user read or create keys of another user through the admin routes', async () => {
      const alice = await createUser(admin.api)
      const bob = await createUser(admin.api)
      expect((await bob.api.get(`/corral/v1/admin/users/${alice.userId}/keys`)).status).toBe(403)
      expect(
        (await bob.api.post(`/corral/v1/admin/users/${alice.userId}/keys`, { name: 'mine now' })).status,
      ).toBe(403)
      expect((await alice.api.get<{ keys: ApiKey[] }>('/corral/v1/me/keys')).body.keys).toEqual([])
    })
  })

  it('refuses an empty or oversized key name', async () => {
    const user = await createUser(admin.api)
    for (const name of ['', 'x'.repeat(101)]) {
      const result = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', { name })
      expect(result.status).toBe(400)
      expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
    }
  })
})
