import Anthropic from '@anthropic-ai/sdk'
import { describe, expect, test } from 'vitest'
import { countTokens, simThinkingTokens, simTokens } from '../src/index.ts'
import { postJson, readNamedEvents, startTestSim } from './helpers.ts'

function client(url: string): Anthropic {
  return new Anthropic({ apiKey: 'x', baseURL: url, maxRetries: 0 })
}

const hi = [{ role: 'user' as const, content: 'Say hi' }]

async function eventNames(response: Response): Promise<string[]> {
  return (await readNamedEvents(response)).map((named) => named.event)
}

describe('/v1/messages without stream', () => {
  test('answers with a text block, end_turn and the counts', async () => {
    const sim = await startTestSim()
    const message = await client(sim.url).messages.create({
      model: 'llama3.2',
      max_tokens: 1024,
      messages: hi,
    })
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_[0-9a-f]{24}$/) as string,
      type: 'message',
      role: 'assistant',
      model: 'llama3.2',
      content: [{ type: 'text', text: simTokens('Say hi', 6).join('') }],
      stop_reason: 'end_turn',
      usage: { input_tokens: countTokens('Say hi'), output_tokens: 6 },
    })
  })

  test('caps the answer at max_tokens and says so', async () => {
    const sim = await startTestSim()
    const message = await client(sim.url).messages.create({ model: 'llama3.2', max_tokens: 2, messages: hi })
    expect([message.stop_reason, message.usage.output_tokens]).toEqual(['max_tokens', 2])
  })

  test('thinks on a thinking model, and relaxes thinking on a model that cannot', async () => {
    const sim = await startTestSim()
    const thinker = await client(sim.url).messages.create({
      model: 'qwen3:8b',
      max_tokens: 100,
      messages: hi,
    })
    expect(thinker.content).toEqual([
      { type: 'thinking', thinking: simThinkingTokens('Say hi', 2).join('') },
      { type: 'text', text: simTokens('Say hi', 4).join('') },
    ])
    const plain = await client(sim.url).messages.create({
      model: 'llama3.2',
      max_tokens: 100,
      messages: hi,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    })
    expect(plain.content.map((block) => block.type)).toEqual(['text'])
  })

  test('answers with tool_use when the message names a tool', async () => {
    const sim = await startTestSim()
    const message = await client(sim.url).messages.create({
      model: 'llama3.2',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'use get_weather for Tokyo' }],
      tools: [
        {
          name: 'get_weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    })
    expect(message.stop_reason).toBe('tool_use')
    expect(message.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/) as string,
        name: 'get_weather',
        input: { city: expect.any(String) as string },
      },
    ])
  })

  test('turns tool results and system blocks into the conversation', async () => {
    const sim = await startTestSim()
    const message = await client(sim.url).messages.create({
      model: 'llama3.2',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Rain.' }] },
      ],
    })
    expect(message.usage.input_tokens).toBe(countTokens('Be brief.Weather?Rain.'))
    expect(message.content).toEqual([{ type: 'text', text: simTokens('Rain.', 6).join('') }])
  })
})

describe('/v1/messages streamed', () => {
  test('sends message_start with the estimate and message_delta with the real counts', async () => {
    const sim = await startTestSim()
    const tools = [
      {
        name: 'lookup',
        description: 'Looks things up in the archive',
        input_schema: { type: 'object' as const },
      },
    ]
    const stream = client(sim.url).messages.stream({
      model: 'llama3.2',
      max_tokens: 100,
      messages: hi,
      tools,
    })
    const seen: { type: string; usage?: unknown }[] = []
    for await (const event of stream) {
      // The SDK accumulates into the message_start object, so keep a copy of what arrived.
      if (event.type === 'message_start') seen.push({ type: event.type, usage: { ...event.message.usage } })
      else if (event.type === 'message_delta') seen.push({ type: event.type, usage: event.usage })
      else seen.push({ type: event.type })
    }
    const schema = JSON.stringify({ type: 'object' })
    const estimate = Math.floor(('user' + 'Say hi' + 'lookup' + tools[0]!.description + schema).length / 4)
    expect(seen[0]).toEqual({ type: 'message_start', usage: { input_tokens: estimate, output_tokens: 0 } })
    expect(seen.at(-2)).toEqual({
      type: 'message_delta',
      usage: { input_tokens: countTokens('Say hi'), output_tokens: 6 },
    })
    expect(seen.at(-1)).toEqual({ type: 'message_stop' })
    const final = await stream.finalMessage()
    expect(final.content).toEqual([{ type: 'text', text: simTokens('Say hi', 6).join('') }])
  })

  test('opens one block at a time: thinking, then text', async () => {
    const sim = await startTestSim({ responseTokens: 3 })
    const response = await postJson(sim, '/v1/messages', {
      model: 'qwen3:8b',
      max_tokens: 10,
      messages: hi,
      stream: true,
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(await eventNames(response)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
  })

  test('streams a tool call as input_json_delta, read back whole by the SDK', async () => {
    const sim = await startTestSim()
    const stream = client(sim.url).messages.stream({
      model: 'llama3.2',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'call lookup now' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
    })
    const final = await stream.finalMessage()
    expect(final.stop_reason).toBe('tool_use')
    expect(final.content).toEqual([
      {
        type: 'tool_use',
        id: expect.any(String) as string,
        name: 'lookup',
        input: { q: expect.any(String) as string },
      },
    ])
  })

  test('stops without message_stop when the model fails mid-stream', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const response = await postJson(sim, '/v1/messages', {
      model: 'llama3.2',
      max_tokens: 10,
      messages: hi,
      stream: true,
    })
    const names = await eventNames(response)
    expect(names.at(-1)).toBe('content_block_delta')
    expect(names).not.toContain('message_stop')
  })
})

describe('/v1/messages errors', () => {
  test('words bad requests like Ollama, in the Anthropic error shape', async () => {
    const sim = await startTestSim()
    const cases: [unknown, number, string, string][] = [
      ['', 400, 'invalid_request_error', 'EOF'],
      [{ max_tokens: 10, messages: hi }, 400, 'invalid_request_error', 'model is required'],
      [
        { model: 'llama3.2', messages: hi },
        400,
        'invalid_request_error',
        'max_tokens is required and must be positive',
      ],
      [
        { model: 'llama3.2', max_tokens: 10, messages: [] },
        400,
        'invalid_request_error',
        'messages is required',
      ],
      [
        { model: 'llama3.2', max_tokens: 10, messages: [{ role: 'user' }] },
        400,
        'invalid_request_error',
        'unexpected end of JSON input',
      ],
      [
        { model: 'llama3.2', max_tokens: '10', messages: hi },
        400,
        'invalid_request_error',
        'json: cannot unmarshal string into Go struct field MessagesRequest.max_tokens of type int',
      ],
      [
        {
          model: 'llama3.2',
          max_tokens: 10,
          messages: [{ role: 'assistant', content: [{ type: 'tool_use', name: 'x' }] }],
        },
        400,
        'invalid_request_error',
        "tool_use block missing required 'id' field",
      ],
      [{ model: 'nope', max_tokens: 10, messages: hi }, 404, 'not_found_error', "model 'nope' not found"],
    ]
    for (const [body, status, type, message] of cases) {
      const response = await postJson(sim, '/v1/messages', body)
      expect([response.status, await response.json()]).toEqual([
        status,
        {
          type: 'error',
          error: { type, message },
          request_id: expect.stringMatching(/^req_[0-9a-f]{24}$/) as string,
        },
      ])
    }
  })

  test('reports a busy scheduler as overloaded, which the SDK throws', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy' })
    await expect(
      client(sim.url).messages.create({ model: 'llama3.2', max_tokens: 10, messages: hi }),
    ).rejects.toMatchObject({
      status: 503,
      error: { type: 'error', error: { type: 'overloaded_error' } },
    })
  })
})
