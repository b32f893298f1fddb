import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countTokens, simTokens } from '@corral/ollama-sim'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from '../support/usage-record.ts'

/**
 * A tool list like a coding agent sends. Ollama's `message_start` estimates input tokens from the whole
 * request, tools included, while the simulator counts only the message texts as evaluated, so the
 * estimate is far above the real count and accounting must take the real one from `message_delta`.
 */
const tools: Anthropic.Tool[] = [
  {
    name: 'read_file',
    description: 'Reads a file from the working tree and returns its contents with line numbers.',
    input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
]

describe('the Anthropic Messages API (/v1/messages) through Corral', () => {
  let corral: TestCorral
  let user: SignedIn
  let anthropic: Anthropic

  beforeAll(async () => {
    corral = await startTestCorral({ config: { ollamaSlots: 2 }, sim: { numParallel: 4, responseTokens: 6 } })
    user = await createUser((await signInAdmin(corral)).api)
    // The SDK sends the key as `x-api-key`, which Corral accepts like a Bearer token.
    anthropic = new Anthropic({ apiKey: (await createKey(user.api)).key, baseURL: corral.url, maxRetries: 0 })
  })
  afterAll(() => corral?.close())

  it('answers messages.create without streaming and records the usage of the body', async () => {
    const { data: message, response } = await anthropic.messages
      .create({ model: 'llama3.2', max_tokens: 1024, messages: [{ role: 'user', content: 'Say hi' }], tools })
      .withResponse()
    expect(message.content).toEqual([{ type: 'text', text: simTokens('Say hi', 6).join('') }])
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      endpoint: '/v1/messages',
      status: 200,
      prompt_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
    })
  })

  it('streams messages.stream and records the real counts of message_delta, not the estimate', async () => {
    const stream = anthropic.messages.stream({
      model: 'llama3.2',
      max_tokens: 4,
      messages: [{ role: 'user', content: 'Tell me about llamas' }],
      tools,
    })
    let estimate = 0
    stream.on('streamEvent', (event) => {
      if (event.type === 'message_start') estimate = event.message.usage.input_tokens
    })
    const final = await stream.finalMessage()
    const { response } = await stream.withResponse()
    expect(final.stop_reason).toBe('max_tokens')
    expect(final.usage).toMatchObject({ input_tokens: countTokens('Tell me about llamas'), output_tokens: 4 })
    expect(estimate).toBeGreaterThan(final.usage.input_tokens)
    const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      endpoint: '/v1/messages',
      prompt_tokens: final.usage.input_tokens,
      output_tokens: 4,
    })
  })

  it('queues Anthropic requests like any other inference: the slot cap holds', async () => {
    corral.sim.stats.reset()
    const messages = Array.from({ length: 8 }, (_, index) => [
      { role: 'user' as const, content: `question ${index}` },
    ])
    const answers = await Promise.all(
      messages.map((conversation, index) =>
        index % 2 === 0
          ? anthropic.messages.create({ model: 'llama3.2', max_tokens: 100, messages: conversation })
          : anthropic.messages
              .stream({ model: 'llama3.2', max_tokens: 100, messages: conversation })
              .finalMessage(),
      ),
    )
    expect(answers.every((answer) => answer.stop_reason === 'end_turn')).toBe(true)
    expect(corral.sim.stats.maxInferenceInFlight).toBe(2)
    expect(corral.corral.proxy.scheduler.stats().slotViolations).toBe(0)
  })

  it("passes Ollama's refusal of an unknown model on in the Anthropic error shape", async () => {
    await expect(
      anthropic.messages.create({
        model: 'missing',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error', message: "model 'missing' not found" } },
    })
  })
})
