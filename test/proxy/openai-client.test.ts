import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import OpenAI from 'openai'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from './usage-records.ts'

describe('the official openai client through Corral', () => {
  let corral: TestCorral
  let openai: OpenAI
  let user: SignedIn

  const recordOf = (requestId: string | null) => usageRecordOf(user.api, requestId)

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
    openai = new OpenAI({
      apiKey: (await createKey(user.api)).key,
      baseURL: `${corral.url}/v1`,
      maxRetries: 0,
    })
  })
  afterAll(() => corral?.close())

  it('completes a chat without streaming, with usage', async () => {
    const completion = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Say hi' }],
    })
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(0)
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0)
  })

  it('streams a chat without the usage chunk the client did not ask for, but still records usage', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'a b c d' }],
        stream: true,
        max_tokens: 7,
      })
      .withResponse()
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true)
    const text = chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')
    expect(text.length).toBeGreaterThan(0)
    const record = await recordOf(response.headers.get('x-corral-request-id'))
    expect(record.endpoint).toBe('/v1/chat/completions')
    expect(record.output_tokens).toBe(7)
    expect(record.prompt_tokens).toBeGreaterThan(0)
  })

  it('passes the usage chunk through when the client asks for it', async () => {
    const stream = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 5,
    })
    let usage: OpenAI.CompletionUsage | undefined | null
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage
    expect(usage).toMatchObject({ completion_tokens: 5 })
  })

  it('streams completions, removing the zeroed usage Ollama adds when asked for usage', async () => {
    const { data: stream, response } = await openai.completions
      .create({ model: 'llama3.2', prompt: 'Once upon', stream: true, max_tokens: 4 })
      .withResponse()
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true)
    const record = await recordOf(response.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({ endpoint: '/v1/completions', output_tokens: 4 })
  })

  it('creates embeddings', async () => {
    const result = await openai.embeddings.create({ model: 'all-minilm', input: ['a', 'b'] })
    expect(result.data).toHaveLength(2)
    expect(result.usage.prompt_tokens).toBeGreaterThan(0)
  })

  it('lists and retrieves models', async () => {
    const models = []
    for await (const model of openai.models.list()) models.push(model.id)
    expect(models).toContain('llama3.2:latest')
    expect((await openai.models.retrieve('llama3.2:latest')).id).toBe('llama3.2:latest')
    await expect(openai.models.retrieve('nothing-here')).rejects.toMatchObject({ status: 404 })
  })

  it('raises an APIError for an unknown model, in the OpenAI error shape', async () => {
    await expect(
      openai.chat.completions.create({ model: 'missing', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 404,
      error: { message: "model 'missing' not found", type: 'not_found_error' },
    })
  })

  it('raises an exception when the upstream fails in the middle of a stream', async () => {
    corral.sim.inject({ kind: 'reset', afterChunks: 2 })
    const stream = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    })
    const consume = async () => {
      for await (const chunk of stream) void chunk
    }
    await expect(consume()).rejects.toThrow('the model backend failed while answering')
  })

  it('refuses a bad key with 401 in the OpenAI shape', async () => {
    const wrong = new OpenAI({ apiKey: 'corral_sk_wrong', baseURL: `${corral.url}/v1`, maxRetries: 0 })
    await expect(wrong.models.list()).rejects.toMatchObject({
      status: 401,
      error: { type: 'authentication_error', code: null, param: null },
    })
  })
})
