import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { ChatClient } from '../support/chat-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('the chat WebSocket', () => {
  let corral: TestCorral
  let user: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
  })
  afterAll(() => corral?.close())

  async function connect(): Promise<ChatClient> {
    const client = new ChatClient(corral.url)
    await client.open()
    client.send({ type: 'auth', token: user.api.token })
    await client.waitFor('ready')
    return client
  }

  const newConversation = async (options: object = {}) =>
    (await user.api.post<{ id: string }>('/corral/v1/me/conversations', { model: 'llama3.2', ...options }))
      .body.id

  it('streams an answer and stores both messages in the conversation', async () => {
    const client = await connect()
    const conversationId = await newConversation()
    client.send({ type: 'send', request_id: 'r1', conversation_id: conversationId, content: 'Hello there' })
    const accepted = await client.waitFor('accepted', 'r1')
    expect(accepted.user_message).toMatchObject({ role: 'user', content: 'Hello there' })
    const done = await client.waitFor('done', 'r1')
    const deltas = client.frames.filter((frame) => frame.type === 'delta')
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.map((frame) => (frame.type === 'delta' ? frame.content : '')).join('')).toBe(
      done.message.content,
    )
    expect(client.frames.some((frame) => frame.type === 'started')).toBe(true)
    const stored = await user.api.get<{ title: string; messages: { role: string; content: string }[] }>(
      `/corral/v1/me/conversations/${conversationId}`,
    )
    expect(stored.body.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(stored.body.messages[1]!.content).toBe(done.message.content)
    expect(stored.body.title).toBe('Hello there')
    client.close()
  })

  it('stops an answer on request, keeping what was said so far', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      const client = await connect()
      const conversationId = await newConversation({ options: { temperature: 0.5 } })
      await user.api.patch(`/corral/v1/me/conversations/${conversationId}`, { options: {} })
      client.send({
        type: 'send',
        request_id: 'long',
        conversation_id: conversationId,
        content: 'tell me a long story',
      })
      await client.waitFor('delta', 'long')
      client.send({ type: 'stop', request_id: 'long' })
      const stopped = await client.waitFor('stopped', 'long')
      expect(stopped.message?.status).toBe('stopped')
      // Ollama reports no counts for an answer cut short; the tokens seen so far are kept.
      expect(stopped.message?.output_tokens).toBeGreaterThan(0)
      expect(stopped.message?.prompt_tokens).toBeGreaterThan(0)
      await expect.poll(() => corral.sim.stats.aborted).toBeGreaterThan(0)
      client.close()
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('tells the chat that the backend failed mid-answer, without the socket error behind it', async () => {
    corral.sim.inject({ kind: 'reset', afterChunks: 3 })
    const client = await connect()
    const conversationId = await newConversation()
    client.send({ type: 'send', request_id: 'cut', conversation_id: conversationId, content: 'Hello' })
    const error = await client.waitFor('error', 'cut')
    expect(error).toMatchObject({
      code: 'CORRAL_ERR_UPSTREAM',
      message: 'the model backend failed while answering',
    })
    // The usage record (written in batches) keeps the cause for the operator.
    const recordedErrors = async () =>
      (await user.api.get<{ records: { error: string | null }[] }>('/corral/v1/me/usage')).body.records.map(
        (record) => record.error,
      )
    await expect
      .poll(recordedErrors)
      .toContainEqual(expect.stringMatching(/^the model backend failed while answering: ./))
    client.close()
  })

  it('regenerates the last answer and edits a question', async () => {
    const client = await connect()
    const conversationId = await newConversation()
    client.send({ type: 'send', request_id: 'a', conversation_id: conversationId, content: 'first question' })
    await client.waitFor('done', 'a')
    client.send({ type: 'regenerate', request_id: 'b', conversation_id: conversationId })
    await client.waitFor('done', 'b')
    let stored = await user.api.get<{ messages: { id: string; role: string; content: string }[] }>(
      `/corral/v1/me/conversations/${conversationId}`,
    )
    expect(stored.body.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    client.send({
      type: 'edit',
      request_id: 'c',
      conversation_id: conversationId,
      message_id: stored.body.messages[0]!.id,
      content: 'second question',
    })
    await client.waitFor('done', 'c')
    stored = await user.api.get(`/corral/v1/me/conversations/${conversationId}`)
    expect(stored.body.messages.map((message) => message.content)[0]).toBe('second question')
    expect(stored.body.messages).toHaveLength(2)
    client.close()
  })

  it('accepts a send right behind the auth frame', async () => {
    const client = new ChatClient(corral.url)
    await client.open()
    const conversationId = await newConversation()
    client.send({ type: 'auth', token: user.api.token })
    client.send({ type: 'send', request_id: 'quick', conversation_id: conversationId, content: 'hi' })
    expect((await client.waitFor('done', 'quick')).message.role).toBe('assistant')
    client.close()
  })

  it('does not keep a question that was refused before it could start', async () => {
    const admin = await signInAdmin(corral)
    const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
      name: `one-a-minute-${Date.now()}`,
      priority: 5,
      limits: { requests_per_minute: 1 },
    })
    const limited = await createUser(admin.api, { group: group.body.id })
    const client = new ChatClient(corral.url)
    await client.open()
    client.send({ type: 'auth', token: limited.api.token })
    await client.waitFor('ready')
    const conversationId = (
      await limited.api.post<{ id: string }>('/corral/v1/me/conversations', { model: 'llama3.2' })
    ).body.id
    client.send({ type: 'send', request_id: 'first', conversation_id: conversationId, content: 'one' })
    await client.waitFor('done', 'first')
    client.send({ type: 'send', request_id: 'second', conversation_id: conversationId, content: 'two' })
    const refused = await client.waitFor('error', 'second')
    expect(refused.code).toBe('CORRAL_ERR_RATE_LIMITED')
    expect(refused.retry_after_seconds).toBeGreaterThan(0)
    const stored = await limited.api.get<{ messages: { content: string }[] }>(
      `/corral/v1/me/conversations/${conversationId}`,
    )
    expect(stored.body.messages.map((message) => message.content)[0]).toBe('one')
    expect(stored.body.messages).toHaveLength(2)
    client.close()
  })

  it("cannot use another user's conversation", async () => {
    const client = await connect()
    const other = await createUser((await signInAdmin(corral)).api)
    const theirs = (
      await other.api.post<{ id: string }>('/corral/v1/me/conversations', { model: 'llama3.2' })
    ).body.id
    client.send({ type: 'send', request_id: 'x', conversation_id: theirs, content: 'hi' })
    const error = await client.waitFor('error', 'x')
    expect(error.code).toBe('CORRAL_ERR_NOT_FOUND')
    client.close()
  })

  it('closes with 4401 when the first frame is not a valid token', async () => {
    const client = new ChatClient(corral.url)
    await client.open()
    const closed = client.closed()
    client.send({ type: 'auth', token: 'not-a-token' })
    expect(await closed).toBe(4401)
  })

  it('refuses a page from another origin', async () => {
    const client = new ChatClient(corral.url, { origin: 'https://evil.example' })
    expect(await client.closed()).toBe(4403)
  })

  it('answers a malformed frame with an error, not a crash', async () => {
    const client = await connect()
    client.send({ type: 'send' })
    expect((await client.waitFor('error')).code).toBe('CORRAL_ERR_VALIDATION')
    client.close()
  })
})
