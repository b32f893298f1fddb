import { describe, expect, it } from 'vitest'
import { CidrSet, normalizeModelName, isModelAllowed, parseCidr } from '../src/index.ts'

describe('CIDRs', () => {
  it('canonicalises addresses and networks', () => {
    expect(parseCidr('10.1.2.3/8')?.text).toBe('10.0.0.0/8')
    expect(parseCidr('192.168.1.7')?.text).toBe('192.168.1.7/32')
    expect(parseCidr('2001:db8::1/32')?.text).toBe('2001:db8::/32')
    expect(parseCidr('::1')?.text).toBe('::1/128')
  })

  it.each(['', 'banana', '10.0.0.0/33', '::1/129', '300.1.1.1', '10.0.0.0/-1'])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined()
  })

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 addresses', () => {
    const set = new CidrSet(['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'])
    expect(set.contains('10.200.0.1')).toBe(true)
    expect(set.contains('11.0.0.1')).toBe(false)
    expect(set.contains('2001:db8:1::5')).toBe(true)
    expect(set.contains('2001:db9::5')).toBe(false)
    expect(set.contains('::ffff:127.0.0.1')).toBe(true)
    expect(set.contains('not an address')).toBe(false)
  })
})

describe('model names', () => {
  it('adds the latest tag like Ollama does', () => {
    expect(normalizeModelName('llama3.2')).toBe('llama3.2:latest')
    expect(normalizeModelName('qwen3:8b')).toBe('qwen3:8b')
    expect(normalizeModelName('library/llama3.2')).toBe('library/llama3.2:latest')
    expect(normalizeModelName('host:5000/ns/model')).toBe('host:5000/ns/model:latest')
  })

  it('checks allowlists by normalised name; null allows everything', () => {
    expect(isModelAllowed('llama3.2', ['llama3.2:latest'])).toBe(true)
    expect(isModelAllowed('llama3.2:latest', ['llama3.2'])).toBe(true)
    expect(isModelAllowed('mistral', ['llama3.2'])).toBe(false)
    expect(isModelAllowed('anything', null)).toBe(true)
  })
})
