import { describe, expect, it } from 'vitest'
import { keepAliveFraming } from '../../../src/proxy/keep-alive-policy.ts'

const direct = {}
const tunnel = { 'cf-connecting-ip': '198.51.100.7' }
const tunnelThroughNginx = { 'cf-ray': '8f2c1a2b3c4d5e6f-AMS', 'x-forwarded-for': '198.51.100.7' }

describe('keepAliveFraming', () => {
  it('keeps every SSE stream alive by default, and no unstreamed OpenAI answer', () => {
    for (const endpoint of ['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/messages'])
      expect(keepAliveFraming('auto', endpoint, true, direct)).toBe('sse')
    expect(keepAliveFraming('auto', '/v1/chat/completions', undefined, tunnel)).toBeUndefined()
    expect(keepAliveFraming('auto', '/v1/embeddings', undefined, tunnel)).toBeUndefined()
  })

  it('keeps native streams alive by default only when they came through Cloudflare', () => {
    expect(keepAliveFraming('auto', '/api/chat', undefined, direct)).toBeUndefined()
    expect(keepAliveFraming('auto', '/api/chat', true, tunnel)).toBe('ndjson-chat')
    expect(keepAliveFraming('auto', '/api/generate', undefined, tunnelThroughNginx)).toBe('ndjson-generate')
    expect(keepAliveFraming('auto', '/api/chat', false, tunnel)).toBeUndefined()
    expect(keepAliveFraming('auto', '/api/embed', undefined, tunnel)).toBeUndefined()
  })

  it('keeps every answer alive with always, JSON ones included', () => {
    expect(keepAliveFraming('always', '/api/chat', undefined, direct)).toBe('ndjson-chat')
    expect(keepAliveFraming('always', '/api/chat', false, direct)).toBe('json')
    expect(keepAliveFraming('always', '/api/embed', undefined, direct)).toBe('json')
    expect(keepAliveFraming('always', '/v1/chat/completions', false, direct)).toBe('json')
    expect(keepAliveFraming('always', '/v1/chat/completions', true, direct)).toBe('sse')
    expect(keepAliveFraming('always', '/v1/audio/transcriptions', undefined, direct)).toBeUndefined()
  })

  it('keeps nothing alive when off', () => {
    expect(keepAliveFraming('off', '/v1/chat/completions', true, tunnel)).toBeUndefined()
    expect(keepAliveFraming('off', '/api/chat', true, tunnel)).toBeUndefined()
  })
})
