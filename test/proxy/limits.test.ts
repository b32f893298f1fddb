import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('limits and quotas', () => {
  let corral: TestCorral
  let admin: SignedIn

  const chat = (key: string, numPredict = 3) =>
    fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'hi' }],
        stream: false,
        options: { num_predict: numPredict },
      }),
    })

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  it('refuses past a key’s requests-per-minute with 429 and Retry-After', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api, { limits: { requests_per_minute: 2 } })
    expect((await chat(key)).status).toBe(200)
    expect((await chat(key)).status).toBe(200)
    const refused = await chat(key)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await refused.json()) as { error: string }).error).toBe(
      'Request rate limit reached for this key',
    )
  })

  it('refuses a key past its concurrency at once', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api, { limits: { max_concurrency: 1 } })
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      const first = chat(key, 20)
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(1)
      const second = await chat(key)
      expect(second.status).toBe(429)
      expect((await first).status).toBe(200)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('stops a group at its daily token quota, and tells OpenAI clients not to retry', async () => {
    const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
      name: `quota-${Date.now()}`,
      priority: 5,
      limits: { daily_token_quota: 10 },
    })
    const user = await createUser(admin.api, { group: group.body.id })
    const { key } = await createKey(user.api)
    expect((await chat(key, 20)).status).toBe(200)
    const refused = await fetch(`${corral.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('x-should-retry')).toBe('false')
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error')
  })

  it('refuses models outside the allowlists of the group or the key', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api, { models: ['all-minilm'] })
    const refused = await chat(key)
    expect(refused.status).toBe(403)
    const tags = await fetch(`${corral.url}/api/tags`, { headers: { authorization: `Bearer ${key}` } })
    expect(((await tags.json()) as { models: { name: string }[] }).models.map((model) => model.name)).toEqual(
      ['all-minilm:latest'],
    )
  })
})
