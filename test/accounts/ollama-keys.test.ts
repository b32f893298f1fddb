import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { nowSeconds, ollamaKeyPair, pollUntil, type CorralErrorBody } from './accounts-helpers.ts'

interface OllamaKey {
  id: string
  name: string
  fingerprint: string
  last_used_at: string | null
}

/** The `ollama` CLI (OLLAMA_AUTH=1) signs `METHOD,PATH?ts=UNIX` with ~/.ollama/id_ed25519. */
describe('Ollama CLI keys', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  /** A request as the CLI sends it: `?ts=` in the URL and the signature in Authorization. */
  const signedRequest = (
    keys: ReturnType<typeof ollamaKeyPair>,
    method: string,
    path: string,
    options: { ts?: number; body?: unknown; authorization?: string } = {},
  ) => {
    const ts = options.ts ?? nowSeconds()
    return fetch(`${corral.url}${path}?ts=${ts}`, {
      method,
      headers: {
        authorization: options.authorization ?? keys.authorization(method, path, ts),
        ...(options.body ? { 'content-type': 'application/json' } : {}),
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    })
  }

  const register = (user: SignedIn, publicKey: string, name?: string) =>
    user.api.post<OllamaKey & CorralErrorBody>('/corral/v1/me/ollama-keys', {
      public_key: publicKey,
      ...(name ? { name } : {}),
    })

  it('registers a public key and then authenticates the CLI’s signed requests as its owner', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair('alice@laptop')
    const registered = await register(user, keys.publicKeyLine)
    expect(registered.status).toBe(201)
    expect(registered.body.name).toBe('alice@laptop')
    expect(registered.body.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)

    const tags = await signedRequest(keys, 'GET', '/api/tags')
    expect(tags.status).toBe(200)
    const chat = await signedRequest(keys, 'POST', '/api/chat', {
      body: { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false },
    })
    expect(chat.status).toBe(200)
    expect(((await chat.json()) as { message: { content: string } }).message.content.length).toBeGreaterThan(
      0,
    )

    const listed = await user.api.get<{ keys: OllamaKey[] }>('/corral/v1/me/ollama-keys')
    expect(listed.body.keys.map((key) => key.id)).toEqual([registered.body.id])
    await pollUntil(
      async () =>
        (await user.api.get<{ keys: OllamaKey[] }>('/corral/v1/me/ollama-keys')).body.keys[0]!
          .last_used_at !== null,
      { intervalMs: 100, timeoutMs: 5000 },
    )
  })

  it('accepts the bare base64 key and a name of the user’s choosing', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair()
    const registered = await register(user, keys.wireBase64, 'workstation')
    expect(registered.status).toBe(201)
    expect(registered.body.name).toBe('workstation')
    expect((await signedRequest(keys, 'GET', '/api/tags')).status).toBe(200)
  })

  it('refuses stale and future timestamps', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair()
    await register(user, keys.publicKeyLine)
    for (const ts of [nowSeconds() - 600, nowSeconds() + 600]) {
      const response = await signedRequest(keys, 'GET', '/api/tags', { ts })
      expect(response.status).toBe(401)
      expect(((await response.json()) as { error: string }).error).toMatch(/clock/)
    }
  })

  it('refuses a replayed signature', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair()
    await register(user, keys.publicKeyLine)
    const ts = nowSeconds()
    const authorization = keys.authorization('GET', '/api/tags', ts)
    expect((await signedRequest(keys, 'GET', '/api/tags', { ts, authorization })).status).toBe(200)
    const replay = await signedRequest(keys, 'GET', '/api/tags', { ts, authorization })
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { error: string }).error).toMatch(/already used/)
  })

  it('refuses a signature of another request, and one made with another key', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair()
    const impostor = ollamaKeyPair()
    await register(user, keys.publicKeyLine)
    const ts = nowSeconds()
    // Signed for /api/ps, sent to /api/tags.
    expect(
      (
        await signedRequest(keys, 'GET', '/api/tags', {
          ts,
          authorization: keys.authorization('GET', '/api/ps', ts),
        })
      ).status,
    ).toBe(401)
    // Signed for GET, sent as POST.
    expect(
      (
        await signedRequest(keys, 'POST', '/api/tags', {
          ts,
          authorization: keys.authorization('GET', '/api/tags', ts),
        })
      ).status,
    ).toBe(401)
    // The registered public key with someone else's signature.
    const forged = `${keys.wireBase64}:${impostor.authorization('GET', '/api/tags', ts).split(':')[1]}`
    expect((await signedRequest(keys, 'GET', '/api/tags', { ts, authorization: forged })).status).toBe(401)
    // A key never registered.
    expect((await signedRequest(impostor, 'GET', '/api/tags')).status).toBe(401)
    // No timestamp at all.
    const noTs = await fetch(`${corral.url}/api/tags`, {
      headers: { authorization: keys.authorization('GET', '/api/tags', ts) },
    })
    expect(noTs.status).toBe(401)
  })

  it('refuses malformed public keys with a 400 and a stable code', async () => {
    const user = await createUser(admin.api)
    const valid = ollamaKeyPair().wireBase64
    const wire = Buffer.from(valid, 'base64')
    const malformed = [
      'not a key',
      'ssh-ed25519',
      'ssh-ed25519 !!!notbase64!!! me@host',
      `ssh-rsa ${Buffer.from('ssh-rsa-lookalike').toString('base64')} me@host`,
      `ssh-ed25519 ${wire.subarray(0, wire.length - 1).toString('base64')} short`,
      `ssh-ed25519 ${Buffer.concat([wire, Buffer.from([0])]).toString('base64')} long`,
      `ssh-ed25519 ${Buffer.alloc(51).toString('base64')} zeros`,
    ]
    for (const publicKey of malformed) {
      const result = await register(user, publicKey)
      expect(result.status, publicKey).toBe(400)
      expect(result.body.code, publicKey).toBe('CORRAL_ERR_INVALID_PUBLIC_KEY')
    }
    const empty = await register(user, '')
    expect(empty.status).toBe(400)
    expect(empty.body.code).toBe('CORRAL_ERR_VALIDATION')
    expect((await user.api.get<{ keys: OllamaKey[] }>('/corral/v1/me/ollama-keys')).body.keys).toEqual([])
  })

  it('refuses a public key that is already registered, even when several registrations race', async () => {
    const alice = await createUser(admin.api)
    const bob = await createUser(admin.api)
    for (let round = 0; round < 3; round++) {
      const keys = ollamaKeyPair()
      const results = await Promise.all(
        [alice, bob, alice, bob, alice, bob].map((user) => register(user, keys.publicKeyLine)),
      )
      expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      for (const refused of results.filter((result) => result.status === 409))
        expect(refused.body.code).toBe('CORRAL_ERR_CONFLICT')
      expect((await register(bob, keys.publicKeyLine)).status).toBe(409)
    }
  })

  it('stops authenticating a removed key, which only its owner can remove', async () => {
    const alice = await createUser(admin.api)
    const bob = await createUser(admin.api)
    const keys = ollamaKeyPair()
    const registered = await register(alice, keys.publicKeyLine)
    expect((await signedRequest(keys, 'GET', '/api/tags')).status).toBe(200)
    const byBob = await bob.api.delete<CorralErrorBody>(`/corral/v1/me/ollama-keys/${registered.body.id}`)
    expect(byBob.status).toBe(404)
    expect((await bob.api.get<{ keys: OllamaKey[] }>('/corral/v1/me/ollama-keys')).body.keys).toEqual([])
    expect((await alice.api.delete(`/corral/v1/me/ollama-keys/${registered.body.id}`)).status).toBe(204)
    // Another path: the same request signed in the same second would be refused as a replay anyway.
    expect((await signedRequest(keys, 'GET', '/api/ps')).status).toBe(401)
  })

  it('stops authenticating the keys of a disabled user', async () => {
    const user = await createUser(admin.api)
    const keys = ollamaKeyPair()
    await register(user, keys.publicKeyLine)
    expect((await signedRequest(keys, 'GET', '/api/tags')).status).toBe(200)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })).status).toBe(
      200,
    )
    expect((await signedRequest(keys, 'GET', '/api/ps')).status).toBe(401)
  })

  it('needs a signed-in user to register a key', async () => {
    const keys = ollamaKeyPair()
    const anonymous = await fetch(`${corral.url}/corral/v1/me/ollama-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ public_key: keys.publicKeyLine }),
    })
    expect(anonymous.status).toBe(401)
  })
})
