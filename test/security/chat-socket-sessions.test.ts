import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createKey,
  createUser,
  signIn,
  signInAdmin,
  type SignedIn,
} from '../support/api-client.ts'
import { ChatClient } from '../support/chat-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'

/** A chat socket lives for hours: it must end when what it authenticated with ends. */
describe('chat sockets when their credentials end', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  const connect = (token: string) => ChatClient.signedIn(corral.url, token)
  const stillOpen = async (client: ChatClient) => {
    client.send({ type: 'ping' })
    await client.waitFor('pong')
    return client.closeCode === undefined
  }
  /** An access token signed with Corral's own key, for `sub`, living `lifetimeSeconds`. */
  async function tokenFor(sub: string, lifetimeSeconds: number) {
    const { kid, privateKey } = corral.corral.auth.keyRing.signingKey()
    const now = Math.floor(Date.now() / 1000)
    return new SignJWT({ sid: randomUUID() })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer('corral')
      .setAudience('corral')
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(privateKey)
  }

  it('closes with 4401 when its session signs out', async () => {
    const user = await createUser(admin.api)
    const client = await connect(user.api.token!)
    expect(
      (await new ApiClient(corral.url).post('/corral/v1/auth/logout', { refresh_token: user.refreshToken }))
        .status,
    ).toBe(204)
    expect(await client.closed()).toBe(4401)
  })

  it('closes with 4401 when its refresh token is replayed and the session revoked', async () => {
    const user = await createUser(admin.api)
    const client = await connect(user.api.token!)
    const anonymous = new ApiClient(corral.url)
    expect(
      (await anonymous.post('/corral/v1/auth/refresh', { refresh_token: user.refreshToken })).status,
    ).toBe(200)
    expect(
      (await anonymous.post('/corral/v1/auth/refresh', { refresh_token: user.refreshToken })).status,
    ).toBe(401)
    expect(await client.closed()).toBe(4401)
  })

  it('closes with 4401 when an admin disables the account', async () => {
    const user = await createUser(admin.api)
    const client = await connect(user.api.token!)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })).status).toBe(
      200,
    )
    expect(await client.closed()).toBe(4401)
  })

  it("closes the other sessions' sockets when the password changes, and keeps its own", async () => {
    const user = await createUser(admin.api)
    const elsewhere = await signIn(corral.url, user.username, user.password)
    const own = await connect(user.api.token!)
    const other = await connect(elsewhere.api.token!)
    const changed = await user.api.post('/corral/v1/auth/password', {
      current_password: user.password,
      new_password: strongPassword(),
    })
    expect(changed.status).toBe(204)
    expect(await other.closed()).toBe(4401)
    expect(await stillOpen(own)).toBe(true)
    own.close()
  })

  it('closes with 4401 when the access token expires, unless a fresh one arrived first', async () => {
    const user = await createUser(admin.api)
    const expiring = await connect(await tokenFor(user.userId, 2))
    const renewed = await connect(await tokenFor(user.userId, 2))
    renewed.send({ type: 'auth', token: user.api.token })
    await expect.poll(() => renewed.frames.filter((frame) => frame.type === 'ready').length).toBe(2)
    expect(await expiring.closed()).toBe(4401)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await stillOpen(renewed)).toBe(true)
    renewed.close()
  })

  it('stops a running answer when the session ends, keeping what was said', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 30 })
    try {
      const user = await createUser(admin.api)
      const conversationId = (
        await user.api.post<{ id: string }>('/corral/v1/me/conversations', { model: 'llama3.2' })
      ).body.id
      const client = await connect(user.api.token!)
      client.send({
        type: 'send',
        request_id: 'long',
        conversation_id: conversationId,
        content: 'a long story',
      })
      await client.waitFor('delta', 'long')
      await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })
      expect(await client.closed()).toBe(4401)
      await expect.poll(() => corral.sim.stats.aborted, { timeout: 10_000 }).toBeGreaterThan(0)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('refuses an API key: the chat needs a browser session', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    const client = new ChatClient(corral.url)
    await client.open()
    client.send({ type: 'auth', token: key })
    expect(await client.closed()).toBe(4401)
  })

  it('never sends internal error text when authentication fails', async () => {
    const client = new ChatClient(corral.url)
    await client.open()
    client.send({ type: 'auth', token: await tokenFor('not-a-user-id', 600) })
    expect(await client.closed()).toBe(4401)
    const error = client.frames.find((frame) => frame.type === 'error')
    expect(error).toBeDefined()
    expect(JSON.stringify(error)).not.toMatch(/select|query|params|uuid/i)
  })
})
