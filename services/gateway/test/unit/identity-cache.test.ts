import { describe, expect, it } from 'vitest'
import type { Identity } from '@corral/core'
import { IdentityCache } from '../../src/authentication/identity-cache.ts'

const identity = (overrides: Partial<Identity> = {}): Identity => ({
  userId: 'u1',
  username: 'ann',
  role: 'user',
  groupId: 'g1',
  method: 'api_key',
  keyId: 'k1',
  priority: 5,
  weight: 1,
  scopes: [],
  modelAllowlist: null,
  keyCidrs: null,
  keyLimits: null,
  groupLimits: {
    maxConcurrency: null,
    requestsPerMinute: null,
    tokensPerMinute: null,
    dailyTokenQuota: null,
    monthlyTokenQuota: null,
  },
  credentialExpiresAt: null,
  ...overrides,
})

describe('IdentityCache', () => {
  it('loads once and then answers from memory', async () => {
    const cache = new IdentityCache()
    let loads = 0
    const load = async () => (loads++, identity())
    await Promise.all([cache.get('key:a', load), cache.get('key:a', load)])
    await cache.get('key:a', load)
    expect(loads).toBe(1)
  })

  it('drops a key the moment its revocation is announced', async () => {
    const cache = new IdentityCache()
    let current: Identity | null = identity()
    await cache.get('key:a', async () => current)
    current = null
    cache.invalidate({ kind: 'api-key', id: 'k1', userId: 'u1' })
    expect(await cache.get('key:a', async () => current)).toBeNull()
  })

  it('drops every credential of a disabled user, and of a changed group', async () => {
    const cache = new IdentityCache()
    await cache.get('key:a', async () => identity())
    await cache.get('user:u1', async () => identity({ keyId: null }))
    cache.invalidate({ kind: 'user', id: 'u1' })
    expect(cache.size).toBe(0)
    await cache.get('key:b', async () => identity({ groupId: 'g2' }))
    cache.invalidate({ kind: 'group', id: 'g2' })
    expect(cache.size).toBe(0)
  })

  it('does not keep a value read while an invalidation arrived', async () => {
    const cache = new IdentityCache()
    let release: () => void = () => undefined
    const slow = cache.get(
      'key:a',
      () => new Promise<Identity>((resolve) => (release = () => resolve(identity()))),
    )
    cache.invalidate({ kind: 'api-key', id: 'k1', userId: 'u1' })
    release()
    await slow
    expect(cache.size).toBe(0)
  })

  it('forgets entries after their time to live, and never outlives an expiring key', async () => {
    let now = 0
    const cache = new IdentityCache(() => now)
    let loads = 0
    await cache.get('key:a', async () => (loads++, identity({ credentialExpiresAt: 1000 })))
    now = 999
    await cache.get('key:a', async () => (loads++, identity()))
    now = 1001
    await cache.get('key:a', async () => (loads++, null))
    expect(loads).toBe(2)
    now = 5000
    await cache.get('key:a', async () => (loads++, null))
    expect(loads).toBe(2)
    now = 6002
    await cache.get('key:a', async () => (loads++, null))
    expect(loads).toBe(3)
  })
})
