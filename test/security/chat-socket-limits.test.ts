import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatBytesBeforeAuth } from '@corral/contracts'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { ChatClient } from '../support/chat-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/** A stranger's WebSocket: it may cost Corral almost nothing until it has authenticated. */
describe('chat sockets before authentication', () => {
  let corral: TestCorral
  let user: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
  })
  afterAll(() => corral?.close())

  const newConversation = async () =>
    (await user.api.post<{ id: string }>('/corral/v1/me/conversations', { model: 'llama3.2' })).body.id

  it.concurrent(
    'closes a socket that does not authenticate within ten seconds',
    async ({ expect }) => {
      const client = new ChatClient(corral.url, { localAddress: '127.0.0.57' })
      await client.open()
      const opened = performance.now()
      // A byte now and then, never a whole frame: the deadline holds whatever trickles in.
      const trickle = setInterval(() => client.socket.readyState === 1 && client.socket.send('x'), 1000)
      try {
        expect(await client.closed()).toBe(4401)
        expect(performance.now() - opened).toBeLessThan(13_000)
      } finally {
        clearInterval(trickle)
      }
    },
    30_000,
  )

  it('cuts a socket that sends a large frame before authenticating, without reading it', async () => {
    const client = new ChatClient(corral.url, { localAddress: '127.0.0.51' })
    await client.open()
    client.send({ type: 'auth', token: 'x'.repeat(8 * 1024 * 1024) })
    expect(await client.closed()).toBe(1009)
    // Never parsed: no "invalid frame" or "authentication failed" answer came back.
    expect(client.frames).toEqual([])
  })

  it('cuts a socket that keeps sending small frames instead of authenticating', async () => {
    const client = new ChatClient(corral.url, { localAddress: '127.0.0.52' })
    await client.open()
    const frames = Math.ceil((4 * chatBytesBeforeAuth) / 17)
    for (let index = 0; index < frames && client.closeCode === undefined; index++)
      client.send({ type: 'ping' })
    expect(await client.closed()).toBe(1009)
    expect(client.frames.length).toBeLessThan(frames)
  })

  it('refuses more sockets from one address than may wait to authenticate', async () => {
    const waiting: ChatClient[] = []
    for (let index = 0; index < 8; index++) {
      const client = new ChatClient(corral.url, { localAddress: '127.0.0.53' })
      await client.open()
      waiting.push(client)
    }
    await expect(new ChatClient(corral.url, { localAddress: '127.0.0.53' }).open()).rejects.toThrow(/429/)
    // Another address is not affected, and a socket that signs in no longer counts.
    const other = await ChatClient.signedIn(corral.url, user.api.token!, { localAddress: '127.0.0.54' })
    waiting[0]!.send({ type: 'auth', token: user.api.token })
    await waiting[0]!.waitFor('ready')
    await new ChatClient(corral.url, { localAddress: '127.0.0.53' }).open()
    for (const client of [...waiting, other]) client.close()
  })

  it('still takes a large send (an image) right behind the auth frame', async () => {
    const client = new ChatClient(corral.url, { localAddress: '127.0.0.55' })
    await client.open()
    const conversationId = await newConversation()
    const image = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64')
    client.send({ type: 'auth', token: user.api.token })
    client.send({
      type: 'send',
      request_id: 'picture',
      conversation_id: conversationId,
      content: 'what is this?',
      images: [image],
    })
    expect((await client.waitFor('accepted', 'picture')).user_message?.images).toHaveLength(1)
    client.close()
  })

  it('refuses a frame that breaks the schema, naming the field', async () => {
    const client = await ChatClient.signedIn(corral.url, user.api.token!, { localAddress: '127.0.0.56' })
    client.send({ type: 'send', request_id: 'r', conversation_id: 'not-a-uuid', content: 'hi' })
    const error = await client.waitFor('error')
    expect(error.code).toBe('CORRAL_ERR_VALIDATION')
    expect(error.message).toMatch(/conversation_id/)
    client.frames.length = 0
    client.send({
      type: 'send',
      request_id: 'n',
      conversation_id: await newConversation(),
      content: 'a\u0000b',
    })
    expect((await client.waitFor('error')).message).toMatch(/content.*NUL/)
    client.close()
  })
})
