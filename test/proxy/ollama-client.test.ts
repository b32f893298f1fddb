import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import { createKey, createUser, signInAdmin } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('the official ollama client through Corral', () => {
  let corral: TestCorral
  let ollama: Ollama
  let adminOllama: Ollama

  beforeAll(async () => {
    corral = await startTestCorral()
    const admin = await signInAdmin(corral)
    const user = await createUser(admin.api)
    ollama = new Ollama({
      host: corral.url,
      headers: { Authorization: `Bearer ${(await createKey(user.api)).key}` },
    })
    adminOllama = new Ollama({
      host: corral.url,
      headers: { Authorization: `Bearer ${(await createKey(admin.api)).key}` },
    })
  })
  afterAll(() => corral?.close())
  beforeEach(() => corral.sim.clearFaults())

  it('chats without streaming', async () => {
    const answer = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Why is the sky blue?' }],
    })
    expect(answer.message.role).toBe('assistant')
    expect(answer.message.content.length).toBeGreaterThan(0)
    expect(answer.done).toBe(true)
    expect(answer.eval_count).toBeGreaterThan(0)
  })

  it('streams a chat piece by piece, before the upstream has finished', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 15 })
    try {
      const stream = await ollama.chat({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'count' }],
        stream: true,
        options: { num_predict: 10 },
      })
      const arrivals: number[] = []
      let text = ''
      for await (const part of stream) {
        arrivals.push(performance.now())
        text += part.message.content
      }
      expect(arrivals.length).toBe(11)
      // Ten tokens 15 ms apart arrive spread out, not in one burst at the end.
      expect(arrivals.at(-2)! - arrivals[0]!).toBeGreaterThan(80)
      expect(text.length).toBeGreaterThan(0)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('generates, streaming and not', async () => {
    const whole = await ollama.generate({ model: 'llama3.2', prompt: 'hello' })
    let streamed = ''
    for await (const part of await ollama.generate({ model: 'llama3.2', prompt: 'hello', stream: true }))
      streamed += part.response
    expect(streamed).toBe(whole.response)
    expect(whole.context?.length).toBeGreaterThan(0)
  })

  it('embeds', async () => {
    const result = await ollama.embed({ model: 'all-minilm', input: ['one', 'two'] })
    expect(result.embeddings).toHaveLength(2)
    expect(result.embeddings[0]!.length).toBeGreaterThan(0)
  })

  it('lists and shows models, and passes the 404 of an unknown model through', async () => {
    const list = await ollama.list()
    expect(list.models.map((model) => model.name)).toContain('llama3.2:latest')
    const shown = await ollama.show({ model: 'llama3.2' })
    expect(shown.model_info).toBeDefined()
    await expect(ollama.show({ model: 'nope' })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'nope:latest' not found",
    })
    const running = await ollama.ps()
    expect(Array.isArray(running.models)).toBe(true)
  })

  it('reports the version of the backend', async () => {
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('passes an unknown model error through unchanged', async () => {
    await expect(
      ollama.chat({ model: 'missing-model', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      status_code: 404,
      error: "model 'missing-model' not found",
    })
  })

  it('turns a mid-stream upstream error into an exception', async () => {
    corral.sim.inject({ kind: 'mid-stream-error', afterChunks: 3 })
    const stream = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    const consume = async () => {
      for await (const part of stream) void part
    }
    await expect(consume()).rejects.toThrow('an error was encountered while running the model')
  })

  it('ends a stream cut by a reset with an error line the client raises', async () => {
    corral.sim.inject({ kind: 'reset', afterChunks: 3 })
    const stream = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    const consume = async () => {
      for await (const part of stream) void part
    }
    await expect(consume()).rejects.toThrow('the model backend failed while answering')
  })

  it('retries a request the backend refused as busy, invisibly to the client', async () => {
    corral.sim.inject({ kind: 'busy' })
    const answer = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })
    expect(answer.done).toBe(true)
  })

  it('lets an admin pull with progress, copy and delete models', async () => {
    const progress: { status: string; completed?: number }[] = []
    for await (const part of await adminOllama.pull({ model: 'mistral', stream: true })) progress.push(part)
    expect(progress[0]!.status).toBe('pulling manifest')
    expect(progress.some((part) => part.completed !== undefined)).toBe(true)
    expect(progress.at(-1)!.status).toBe('success')
    await expect
      .poll(async () => (await adminOllama.list()).models.map((model) => model.name))
      .toContain('mistral:latest')
    await adminOllama.copy({ source: 'mistral', destination: 'mistral-copy' })
    await adminOllama.delete({ model: 'mistral-copy' })
    await expect(adminOllama.delete({ model: 'mistral-copy' })).rejects.toMatchObject({ status_code: 404 })
  })

  it('streams the error of a pull that cannot succeed', async () => {
    const consume = async () => {
      for await (const part of await adminOllama.pull({ model: 'doesnotexist', stream: true })) void part
    }
    await expect(consume()).rejects.toThrow('pull model manifest: file does not exist')
  })

  it('refuses model management to users without the scope', async () => {
    await expect(ollama.pull({ model: 'mistral' })).rejects.toMatchObject({ status_code: 403 })
    await expect(ollama.delete({ model: 'llama3.2' })).rejects.toMatchObject({ status_code: 403 })
  })

  it('refuses a missing or wrong key with 401 in the Ollama error shape', async () => {
    const anonymous = new Ollama({ host: corral.url })
    await expect(anonymous.list()).rejects.toMatchObject({ status_code: 401 })
    const wrong = new Ollama({ host: corral.url, headers: { Authorization: 'Bearer corral_sk_not-a-key' } })
    await expect(wrong.chat({ model: 'llama3.2', messages: [] })).rejects.toMatchObject({
      status_code: 401,
      error: 'Invalid, expired or revoked API key',
    })
  })
})
