import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { closeAgents, nowSeconds, ollamaKeyPair, requestFrom } from '../accounts/accounts-helpers.ts'

/** A stranger replaying what they saw and trying credentials they made up. */
describe('replayed signatures and made-up credentials', () => {
  let corral: TestCorral
  let user: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
  })
  afterAll(async () => {
    await closeAgents()
    await corral?.close()
  })

  const tags = (authorization: string, ts: number, from = '127.0.0.1') =>
    requestFrom(from, `${corral.url}/api/tags?ts=${ts}`, { headers: { authorization } })

  it('refuses a used CLI signature however its base64 is re-encoded', async () => {
    const keys = ollamaKeyPair()
    expect(
      (await user.api.post('/corral/v1/me/ollama-keys', { public_key: keys.publicKeyLine })).status,
    ).toBe(201)
    const ts = nowSeconds()
    const header = keys.authorization('GET', '/api/tags', ts)
    expect((await tags(header, ts)).status).toBe(200)
    const [publicKey, signature] = header.split(':') as [string, string]
    const reencoded = [
      signature,
      signature.replace(/=+$/, ''),
      `${signature}=`,
      signature.replaceAll('+', '-').replaceAll('/', '_'),
      `${signature.slice(0, 40)} ${signature.slice(40)}`,
      `${signature}AA`,
      `${signature}\t`,
    ]
    for (const variant of new Set(reencoded)) {
      const replay = await tags(`${publicKey}:${variant}`, ts)
      expect(replay.status, JSON.stringify(variant)).toBe(401)
    }
  })

  it('stops looking up unknown Ollama keys from an address that keeps sending new ones', async () => {
    const statuses: number[] = []
    let retryAfter: string | string[] | undefined
    for (let attempt = 0; attempt < 60; attempt++) {
      const made = ollamaKeyPair()
      const ts = nowSeconds()
      const response = await tags(made.authorization('GET', '/api/tags', ts), ts, '127.0.0.21')
      statuses.push(response.status)
      if (response.status === 429) retryAfter = response.headers['retry-after']
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    // Another address is not affected.
    const other = ollamaKeyPair()
    const ts = nowSeconds()
    expect((await tags(other.authorization('GET', '/api/tags', ts), ts, '127.0.0.22')).status).toBe(401)
  })

  it('stops looking up made-up API keys from an address that keeps sending them', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 60; attempt++) {
      const response = await requestFrom('127.0.0.23', `${corral.url}/api/tags`, {
        token: `corral_sk_${randomBytes(32).toString('base64url')}`,
      })
      statuses.push(response.status)
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })

  it('does not look up a public key that is not an ed25519 key at all', async () => {
    const identity = corral.corral.users.identity
    const resolve = identity.resolveOllamaKey.bind(identity)
    let lookups = 0
    identity.resolveOllamaKey = (publicKey) => (lookups++, resolve(publicKey))
    try {
      const ts = nowSeconds()
      for (let attempt = 0; attempt < 20; attempt++) {
        const bogus = `${randomBytes(9000).toString('base64')}:${randomBytes(64).toString('base64')}`
        expect((await tags(bogus, ts, '127.0.0.24')).status).toBe(401)
      }
      expect(lookups).toBe(0)
    } finally {
      identity.resolveOllamaKey = resolve
    }
  })
})
