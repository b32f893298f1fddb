import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countTokens, simTokens } from '@corral/ollama-sim'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from '../support/usage-record.ts'

describe('the OpenAI Responses API (/v1/responses) through Corral', () => {
  let corral: TestCorral
  let user: SignedIn
  let openai: OpenAI

  beforeAll(async () => {
    // Two slots in Corral, four in the simulator: any excess the simulator sees is Corral's fault.
    corral = await startTestCorral({ config: { ollamaSlots: 2 }, sim: { numParallel: 4, responseTokens: 6 } })
    user = await createUser((await signInAdmin(corral)).api)
    openai = new OpenAI({
      apiKey: (await createKey(user.api)).key,
      baseURL: `${corral.url}/v1`,
      maxRetries: 0,
    })
  })
  afterAll(() => corral?.close())

  it('answers responses.create without streaming and records the usage of the body', async () => {
    const { data: response, response: http } = await openai.responses
      .create({ model: 'llama3.2', instructions: 'Be brief.', input: 'Say hi' })
      .withResponse()
    expect(response.output_text).toBe(simTokens('Say hi', 6).join(''))
    const record = await usageRecordOf(user.api, http.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      endpoint: '/v1/responses',
      status: 200,
      prompt_tokens: response.usage!.input_tokens,
      output_tokens: response.usage!.output_tokens,
    })
    expect(record.prompt_tokens).toBe(countTokens('Be brief.Say hi'))
  })

  it('streams responses.create event by event and records the usage of response.completed', async () => {
    const { data: stream, response: http } = await openai.responses
      .create({ model: 'qwen3:8b', input: 'Tell me about llamas', stream: true, max_output_tokens: 9 })
      .withResponse()
    let text = ''
    let completed: OpenAI.Responses.ResponseUsage | undefined
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta
      if (event.type === 'response.completed') completed = event.response.usage
    }
    expect(text.length).toBeGreaterThan(0)
    expect(completed).toMatchObject({ output_tokens: 9, input_tokens: countTokens('Tell me about llamas') })
    const record = await usageRecordOf(user.api, http.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      endpoint: '/v1/responses',
      prompt_tokens: completed!.input_tokens,
      output_tokens: completed!.output_tokens,
    })
  })

  it('queues Responses requests like any other inference: the slot cap holds', async () => {
    corral.sim.stats.reset()
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        index % 2 === 0
          ? openai.responses.create({ model: 'llama3.2', input: `question ${index}` })
          : collect(openai.responses.create({ model: 'llama3.2', input: `question ${index}`, stream: true })),
      ),
    )
    expect(answers).toHaveLength(8)
    expect(corral.sim.stats.maxInferenceInFlight).toBe(2)
    expect(corral.corral.proxy.scheduler.stats().slotViolations).toBe(0)
  })

  it("passes Ollama's refusal of an unknown model on as the SDK's NotFoundError", async () => {
    await expect(openai.responses.create({ model: 'missing', input: 'x' })).rejects.toMatchObject({
      status: 404,
      error: { message: "model 'missing' not found", type: 'not_found_error' },
    })
  })
})

async function collect(stream: Promise<AsyncIterable<unknown>>): Promise<unknown[]> {
  const events: unknown[] = []
  for await (const event of await stream) events.push(event)
  return events
}
