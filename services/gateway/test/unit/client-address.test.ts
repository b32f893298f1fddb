import { describe, expect, it } from 'vitest'
import { ClientAddressResolver } from '../../src/network/client-address.ts'

describe('the client address', () => {
  const resolver = new ClientAddressResolver(['10.0.0.0/8', '::1/128'])

  it('is the socket peer when no proxy is trusted, whatever the headers say', () => {
    expect(new ClientAddressResolver([]).resolve('192.0.2.1', { 'x-forwarded-for': '203.0.113.9' })).toBe(
      '192.0.2.1',
    )
  })

  it('ignores forwarding headers from untrusted peers', () => {
    expect(
      resolver.resolve('192.0.2.1', { 'x-forwarded-for': '203.0.113.9', 'cf-connecting-ip': '203.0.113.8' }),
    ).toBe('192.0.2.1')
  })

  it('takes the right-most untrusted hop of X-Forwarded-For from a trusted proxy', () => {
    expect(resolver.resolve('10.0.0.5', { 'x-forwarded-for': '1.1.1.1, 203.0.113.9, 10.0.0.7' })).toBe(
      '203.0.113.9',
    )
  })

  it('prefers CF-Connecting-IP from a trusted proxy', () => {
    expect(
      resolver.resolve('10.0.0.5', { 'cf-connecting-ip': '198.51.100.3', 'x-forwarded-for': '1.1.1.1' }),
    ).toBe('198.51.100.3')
  })

  it('unwraps IPv4-mapped IPv6 peers', () => {
    expect(resolver.resolve('::ffff:10.0.0.5', { 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9')
    expect(new ClientAddressResolver([]).resolve('::ffff:192.0.2.1', {})).toBe('192.0.2.1')
  })

  it('falls back to the socket when a trusted proxy forwards nothing', () => {
    expect(resolver.resolve('::1', {})).toBe('::1')
  })
})
