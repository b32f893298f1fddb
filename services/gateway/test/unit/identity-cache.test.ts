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
  keyRestricted: false,
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

describe('IdentityCache under attack and outage', () => {
  it('keeps hashes of credentials, never the credentials, within a memory budget', async () => {
    const cache = new IdentityCache(Date.now, { maxBytes: 100_000 })
    for (let index = 0; index < 2000; index++)
      await cache.get(`ollama:${'A'.repeat(16_000)}${index}`, async () => null)
    expect(cache.bytes).toBeLessThanOrEqual(100_000)
    expect(cache.size).toBeGreaterThan(100)
    // The newest entries are the ones kept.
    let loads = 0
    await cache.get(`ollama:${'A'.repeat(16_000)}1999`, async () => (loads++, null))
    expect(loads).toBe(0)
  })

  it('answers with a recently known identity while the database fails', async () => {
    let now = 0
    const cache = new IdentityCache(() => now, { positiveTtlMs: 1000, staleIfErrorMs: 10_000 })
    await cache.get('key:a', async () => identity())
    now = 5000
    const down = async (): Promise<Identity | null> => {
      throw new Error('connect ECONNREFUSED')
    }
    expect(await cache.get('key:a', down)).toMatchObject({ userId: 'u1' })
    now = 11_001
    await expect(cache.get('key:a', down)).rejects.toThrow('ECONNREFUSED')
  })

  it('never stands in for an unknown credential, a revoked one, or past its own expiry', async () => {
    let now = 0
    const cache = new IdentityCache(() => now, { positiveTtlMs: 1000, staleIfErrorMs: 10_000 })
    const down = async (): Promise<Identity | null> => {
      throw new Error('down')
    }
    await cache.get('key:unknown', async () => null)
    await cache.get('key:revoked', async () => identity({ keyId: 'k2' }))
    await cache.get('key:expiring', async () => identity({ keyId: 'k3', credentialExpiresAt: 3000 }))
    cache.invalidate({ kind: 'api-key', id: 'k2', userId: 'u1' })
    now = 3500
    await expect(cache.get('key:unknown', down)).rejects.toThrow('down')
    await expect(cache.get('key:revoked', down)).rejects.toThrow('down')
    await expect(cache.get('key:expiring', down)).rejects.toThrow('down')
  })
})
