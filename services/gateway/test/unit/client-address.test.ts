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

  it('ignores CF-Connecting-IP from a trusted proxy that is not a Cloudflare peer', () => {
    // nginx passes the client's own header through: through it, a forged one bypassed everything.
    expect(resolver.resolve('10.0.0.5', { 'cf-connecting-ip': '10.1.2.3' })).toBe('10.0.0.5')
    expect(
      resolver.resolve('10.0.0.5', { 'cf-connecting-ip': '10.1.2.3', 'x-forwarded-for': '203.0.113.9' }),
    ).toBe('203.0.113.9')
  })

  it('believes CF-Connecting-IP from a Cloudflare peer, and its X-Forwarded-For like a proxy', () => {
    const behindCloudflare = new ClientAddressResolver(['10.0.0.0/8'], ['127.0.0.1'])
    expect(behindCloudflare.resolve('127.0.0.1', { 'cf-connecting-ip': '198.51.100.3' })).toBe('198.51.100.3')
    expect(behindCloudflare.resolve('127.0.0.1', { 'x-forwarded-for': '198.51.100.4' })).toBe('198.51.100.4')
    // nginx in front of cloudflared: the Cloudflare hop is skipped like a proxy.
    expect(behindCloudflare.resolve('10.0.0.5', { 'x-forwarded-for': '198.51.100.5, 127.0.0.1' })).toBe(
      '198.51.100.5',
    )
    expect(behindCloudflare.resolve('127.0.0.1', { 'cf-connecting-ip': 'not an address' })).toBe('127.0.0.1')
  })

  it('never takes forwarded text that is not an address, and spells addresses canonically', () => {
    expect(resolver.resolve('10.0.0.5', { 'x-forwarded-for': "'; drop table users; --" })).toBe('10.0.0.5')
    expect(resolver.resolve('10.0.0.5', { 'x-forwarded-for': 'garbage, 10.0.0.7' })).toBe('10.0.0.7')
    expect(resolver.resolve('10.0.0.5', { 'x-forwarded-for': '2001:DB8:0:0::5' })).toBe('2001:db8::5')
  })

  it('unwraps IPv4-mapped IPv6 peers', () => {
    expect(resolver.resolve('::ffff:10.0.0.5', { 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9')
    expect(new ClientAddressResolver([]).resolve('::ffff:192.0.2.1', {})).toBe('192.0.2.1')
  })

  it('falls back to the socket when a trusted proxy forwards nothing', () => {
    expect(resolver.resolve('::1', {})).toBe('::1')
  })
})
