import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { ChatClient } from '../support/chat-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { ollamaChat, queueOf, runningRequests, waitingRequests } from './queue-board-helpers.ts'

const message = 'An operator cancelled this request'

/** The error a promise ends with, handled at once (the cancel comes later). */
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** What each client sees when an operator cancels its request, waiting or running (docs/monitoring.md). */
describe('a cancelled request, seen by its client', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let key: string
  let ollama: Ollama
  let openai: OpenAI

  const cancel = async (id: string) =>
    expect((await admin.api.post(`/corral/v1/admin/queue/${id}/cancel`)).status).toBe(200)

  /** Fills the one slot with a long answer; returns its id and a way to end it. */
  async function occupySlot() {
    const blocker = ollamaChat(corral, key, 'block', 2000)
    const [running] = await runningRequests(admin.api, 1)
    return {
      release: async () => {
        await cancel(running!.id)
        await (await blocker).text()
        await runningRequests(admin.api, 0)
      },
    }
  }

  beforeAll(async () => {
    corral = await startTestCorral({ config: { ollamaSlots: 1 }, sim: { tokenIntervalMs: 10 } })
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    key = (await createKey(user.api)).key
    ollama = new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${key}` } })
    // The SDK's default retries: a cancel must not be sent again.
    openai = new OpenAI({ apiKey: key, baseURL: `${corral.url}/v1` })
  }, 180_000) // starting on PGlite (migrations) takes long on a busy machine
  afterAll(() => corral?.close())

  it('the ollama client raises a 503 with the message when its waiting request is cancelled', async () => {
    const slot = await occupySlot()
    const answer = failureOf(ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }))
    const [waiting] = await waitingRequests(admin.api, 1)
    await cancel(waiting!.id)
    expect(await answer).toMatchObject({ status_code: 503, error: message })
    await slot.release()
  })

  it('the ollama client raises the message when its running stream is cancelled', async () => {
    const stream = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      options: { num_predict: 2000 },
    })
    const [running] = await runningRequests(admin.api, 1)
    const reading = failureOf(
      (async () => {
        for await (const part of stream) void part
      })(),
    )
    await cancel(running!.id)
    expect(await reading).toMatchObject({ message })
    await runningRequests(admin.api, 0)
  })

  it('the openai client raises a 503 with the message, and does not retry it', async () => {
    const slot = await occupySlot()
    const sent = corral.corral.proxy.scheduler.stats().dispatched
    const answer = failureOf(
      openai.chat.completions.create({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }),
    )
    const [waiting] = await waitingRequests(admin.api, 1)
    await cancel(waiting!.id)
    const error = await answer
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect(error).toMatchObject({ status: 503 })
    expect((error as Error).message).toContain(message)
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('false')
    // No retry came back into the queue.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect((await queueOf(admin.api)).waiting).toHaveLength(0)
    expect(corral.corral.proxy.scheduler.stats().dispatched).toBe(sent)
    await slot.release()
  })

  it('the openai client raises the message when its running stream is cancelled', async () => {
    const stream = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      max_tokens: 2000,
    })
    const [running] = await runningRequests(admin.api, 1)
    const reading = failureOf(
      (async () => {
        for await (const chunk of stream) void chunk
      })(),
    )
    await cancel(running!.id)
    expect((await reading) as Error).toBeInstanceOf(Error)
    expect(((await reading) as Error).message).toContain(message)
    await runningRequests(admin.api, 0)
  })

  it('the chat app gets the reason while queued, then an error event with CORRAL_ERR_CANCELLED', async () => {
    const slot = await occupySlot()
    const client = await ChatClient.signedIn(corral.url, user.api.token!)
    const conversation = await user.api.post<{ id: string }>('/corral/v1/me/conversations', {
      model: 'llama3.2',
    })
    client.send({ type: 'send', request_id: 'q1', conversation_id: conversation.body.id, content: 'Hello' })
    const [waiting] = await waitingRequests(admin.api, 1)
    await expect
      .poll(() => client.frames.find((frame) => frame.type === 'queued' && frame.reason !== undefined))
      .toMatchObject({ type: 'queued', position: 1, reason: waiting!.reason })
    await cancel(waiting!.id)
    expect(await client.waitFor('error', 'q1')).toMatchObject({ code: 'CORRAL_ERR_CANCELLED', message })
    client.close()
    await slot.release()
  })
})
