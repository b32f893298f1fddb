import { describe, expect, it } from 'vitest'
import { addressGroup, RateLimiter } from '../src/index.ts'

describe('the in-memory rate limiter', () => {
  it('allows the limit in a window, then says how long to wait', () => {
    let now = 0
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000 }, () => now)
    expect(limiter.take('a')).toBeUndefined()
    expect(limiter.take('a')).toBeUndefined()
    now = 2500
    expect(limiter.take('a')).toBe(8)
    expect(limiter.take('b')).toBeUndefined()
    now = 10_000
    expect(limiter.take('a')).toBeUndefined()
  })

  it('can be asked without counting', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 }, () => 0)
    expect(limiter.retryAfter('a')).toBeUndefined()
    expect(limiter.retryAfter('a')).toBeUndefined()
    limiter.take('a')
    expect(limiter.retryAfter('a')).toBe(1)
  })

  it('remembers a bounded number of keys', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 }, () => 0)
    for (let index = 0; index < 10_000; index++) limiter.take(`k${index}`)
    expect(limiter.retryAfter('k9999')).toBe(60)
    // Forgotten keys start afresh: never a refusal for a key that was not counted.
    expect(limiter.retryAfter('k0')).toBeUndefined()
  })
})

describe('address groups for per-address limits', () => {
  it('counts an IPv4 address as itself and an IPv6 address by its /64', () => {
    expect(addressGroup('10.1.2.3')).toBe('10.1.2.3')
    expect(addressGroup('::ffff:10.1.2.3')).toBe('10.1.2.3')
    expect(addressGroup('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:db8:1:3::1')).not.toBe(addressGroup('2001:db8:1:2::1'))
  })
})
