import { compress, init } from '@bokuweb/zstd-wasm'
import OpenAI from 'openai'
import { beforeAll, describe, expect, test } from 'vitest'
import { countTokens, simThinkingTokens, simTokens } from '../src/index.ts'
import { postJson, readNamedEvents, startTestSim } from './helpers.ts'

function client(url: string): OpenAI {
  return new OpenAI({ apiKey: 'x', baseURL: url + '/v1', maxRetries: 0 })
}

describe('/v1/responses without stream', () => {
  test('answers with one completed message, the usage and the echoed request', async () => {
    const sim = await startTestSim()
    const response = await client(sim.url).responses.create({
      model: 'llama3.2',
      instructions: 'Be brief.',
      input: 'Say hi',
    })
    expect(response.output_text).toBe(simTokens('Say hi', 6).join(''))
    expect(response).toMatchObject({
      id: expect.stringMatching(/^resp_\d+$/) as string,
      object: 'response',
      status: 'completed',
      model: 'llama3.2',
      instructions: 'Be brief.',
      output: [
        {
          id: expect.stringMatching(/^msg_\d+$/) as string,
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', annotations: [], logprobs: [] }],
        },
      ],
      tools: [],
      truncation: 'disabled',
      text: { format: { type: 'text' } },
      temperature: 1,
      top_p: 1,
      usage: {
        input_tokens: countTokens('Be brief.Say hi'),
        output_tokens: 6,
        total_tokens: countTokens('Be brief.Say hi') + 6,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    })
  })

  test('puts the reasoning of a thinking model first', async () => {
    const sim = await startTestSim()
    const response = await client(sim.url).responses.create({ model: 'qwen3:8b', input: 'Why?' })
    const thinking = simThinkingTokens('Why?', 2).join('')
    expect(response.output[0]).toEqual({
      id: `rs_${response.id}`,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: thinking }],
      encrypted_content: thinking,
    })
    expect(response.output[1]).toMatchObject({ type: 'message' })
  })

  test('returns function calls instead of a message when the input names a tool', async () => {
    const sim = await startTestSim()
    const response = await client(sim.url).responses.create({
      model: 'llama3.2',
      input: 'use get_weather for Tokyo',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: null,
          strict: true,
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    })
    expect(response.output).toEqual([
      {
        id: `fc_${response.id}_0`,
        type: 'function_call',
        status: 'completed',
        call_id: expect.stringMatching(/^call_/) as string,
        name: 'get_weather',
        arguments: expect.stringContaining('"city"') as string,
      },
    ])
    expect(response.tools[0]).toMatchObject({ name: 'get_weather', strict: true })
  })

  test('reads input items: message parts, a function call and its output', async () => {
    const sim = await startTestSim()
    const response = await client(sim.url).responses.create({
      model: 'llama3.2',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather in ' },
            { type: 'input_text', text: 'Oslo?' },
          ],
        },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Rain.' },
      ],
    })
    expect(response.output_text).toBe(simTokens('Rain.', 6).join(''))
    expect(response.usage?.input_tokens).toBe(countTokens('Weather in Oslo?Rain.'))
  })

  test('sets the answer length with max_output_tokens', async () => {
    const sim = await startTestSim()
    const response = await client(sim.url).responses.create({
      model: 'llama3.2',
      input: 'x',
      max_output_tokens: 3,
    })
    expect([response.usage?.output_tokens, response.max_output_tokens]).toEqual([3, 3])
  })

  test('answers a json_schema format with JSON and echoes the schema as sent', async () => {
    const sim = await startTestSim()
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
    const response = await postJson(sim, '/v1/responses', {
      model: 'llama3.2',
      input: 'Name a llama',
      text: { format: { type: 'json_schema', name: 'llama', schema } },
    })
    const body = (await response.json()) as { output: { content: { text: string }[] }[]; text: unknown }
    expect(JSON.parse(body.output[0]!.content[0]!.text)).toEqual({ name: expect.any(String) as string })
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'llama', schema } })
  })
})

describe('/v1/responses streamed', () => {
  test('sends the event sequence of a text answer, numbered, ending with response.completed', async () => {
    const sim = await startTestSim({ responseTokens: 2 })
    const response = await postJson(sim, '/v1/responses', { model: 'llama3.2', input: 'hi', stream: true })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(response.headers.get('cache-control')).toBe('no-cache')
    const events = await readNamedEvents(response)
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.map((event) => [event.data.type, event.data.sequence_number])).toEqual(
      events.map((event, index) => [event.event, index]),
    )
    expect(events.at(-1)!.data.response).toMatchObject({
      status: 'completed',
      usage: { input_tokens: countTokens('hi'), output_tokens: 2, total_tokens: countTokens('hi') + 2 },
      output: [{ type: 'message', content: [{ text: simTokens('hi', 2).join('') }] }],
    })
  })

  test('writes each event as a Go map: keys in byte order', async () => {
    const sim = await startTestSim({ responseTokens: 1 })
    const text = await (
      await postJson(sim, '/v1/responses', { model: 'llama3.2', input: 'hi', stream: true })
    ).text()
    expect(text).toMatch(
      /^event: response.created\ndata: \{"response":\{"background":false,"completed_at":null,/,
    )
  })

  test('is read by the openai SDK, reasoning first for a thinking model', async () => {
    const sim = await startTestSim()
    const stream = await client(sim.url).responses.create({ model: 'qwen3:8b', input: 'Why?', stream: true })
    let reasoning = ''
    let text = ''
    let usage: unknown
    for await (const event of stream) {
      if (event.type === 'response.reasoning_summary_text.delta') reasoning += event.delta
      if (event.type === 'response.output_text.delta') text += event.delta
      if (event.type === 'response.completed') usage = event.response.usage
    }
    expect(reasoning).toBe(simThinkingTokens('Why?', 2).join(''))
    expect(text).toBe(simTokens('Why?', 4).join(''))
    expect(usage).toMatchObject({ input_tokens: countTokens('Why?'), output_tokens: 6 })
  })

  test('streams a function call as its own output item', async () => {
    const sim = await startTestSim()
    const response = await postJson(sim, '/v1/responses', {
      model: 'llama3.2',
      input: 'call lookup please',
      stream: true,
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } }],
    })
    const names = (await readNamedEvents(response)).map((event) => event.event)
    expect(names).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ])
  })

  test('stops without response.completed when the model fails mid-stream', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'mid-stream-error', afterChunks: 2 })
    const response = await postJson(sim, '/v1/responses', { model: 'llama3.2', input: 'hi', stream: true })
    const names = (await readNamedEvents(response)).map((event) => event.event)
    expect(names.at(-1)).toBe('response.output_text.delta')
    expect(names).not.toContain('response.completed')
  })
})

describe('/v1/responses request bodies and errors', () => {
  beforeAll(() => init())

  test('accepts a zstd-compressed body', async () => {
    const sim = await startTestSim()
    const body = Buffer.from(compress(Buffer.from(JSON.stringify({ model: 'llama3.2', input: 'Say hi' })), 3))
    const response = await fetch(sim.url + '/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
      body,
    })
    const answer = (await response.json()) as { output: { content: { text: string }[] }[] }
    expect(answer.output[0]!.content[0]!.text).toBe(simTokens('Say hi', 6).join(''))
  })

  test('refuses a zstd body that is not zstd, or larger than 20 MiB once decompressed', async () => {
    const sim = await startTestSim()
    const send = (body: Buffer): Promise<Response> =>
      fetch(sim.url + '/v1/responses', { method: 'POST', headers: { 'content-encoding': 'zstd' }, body })
    const plain = await send(Buffer.from('{"model":"llama3.2"}'))
    expect([plain.status, await plain.json()]).toEqual([
      400,
      openAiError(400, 'invalid input: magic number mismatch'),
    ])
    const huge = JSON.stringify({ model: 'llama3.2', input: 'x'.repeat(21 << 20) })
    const bomb = await send(Buffer.from(compress(Buffer.from(huge), 1)))
    expect([bomb.status, await bomb.json()]).toEqual([400, openAiError(400, 'http: request body too large')])
  })

  test('words bad input the way Ollama does, in the OpenAI error shape', async () => {
    const sim = await startTestSim()
    const cases: [unknown, number, string][] = [
      ['', 400, 'EOF'],
      [
        { model: 'llama3.2', input: 3 },
        400,
        'input must be a string or array: json: cannot unmarshal number into Go value of type []json.RawMessage',
      ],
      [
        { model: 'llama3.2', input: [{ type: 'telepathy' }] },
        400,
        'input[0]: unknown input item type: "telepathy"',
      ],
      [
        { model: 'llama3.2', input: [{ content: 'x' }] },
        400,
        "input[0]: input item missing required 'type' field",
      ],
      [
        { model: 'llama3.2', input: [{ role: 'user', content: [{ type: 'hologram' }] }] },
        400,
        'input[0]: content[0]: unknown content type: hologram',
      ],
      [
        { model: 'llama3.2', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] },
        400,
        'file inputs are not currently supported',
      ],
      [
        { model: 'llama3.2', input: 'x', max_output_tokens: 'many' },
        400,
        'json: cannot unmarshal string into Go struct field ResponsesRequest.max_output_tokens of type int',
      ],
      [
        { model: 'llama3.2', input: 'x', reasoning: { effort: 'galaxy-brain' } },
        400,
        'invalid reasoning value: "galaxy-brain" (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")',
      ],
      [{ model: '', input: 'x' }, 400, 'model is required'],
      [{ model: 'nope', input: 'x' }, 404, "model 'nope' not found"],
    ]
    for (const [body, status, message] of cases) {
      const response = await postJson(sim, '/v1/responses', body)
      expect([response.status, await response.json()]).toEqual([status, openAiError(status, message)])
    }
  })

  test('passes a busy scheduler on as a 503 that the SDK reports', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'busy' })
    await expect(client(sim.url).responses.create({ model: 'llama3.2', input: 'x' })).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('server busy') as string,
    })
  })
})

function openAiError(status: number, message: string): unknown {
  const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error'
  return { error: { message, type, param: null, code: null } }
}
