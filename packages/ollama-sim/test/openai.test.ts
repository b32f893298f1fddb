import OpenAI from 'openai'
import { describe, expect, test } from 'vitest'
import { countTokens, simThinkingTokens, simTokens } from '../src/index.ts'
import { postJson, readSse, startTestSim } from './helpers.ts'

const messages = [{ role: 'user' as const, content: 'Say hi' }]

function client(url: string): OpenAI {
  return new OpenAI({ apiKey: 'x', baseURL: url + '/v1', maxRetries: 0 })
}

describe('/v1/chat/completions', () => {
  test('answers without stream with the message and the usage', async () => {
    const sim = await startTestSim()
    const completion = await client(sim.url).chat.completions.create({ model: 'llama3.2', messages })
    expect(completion).toMatchObject({
      id: expect.stringMatching(/^chatcmpl-\d+$/) as string,
      object: 'chat.completion',
      model: 'llama3.2',
      system_fingerprint: 'fp_ollama',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: simTokens('Say hi', 6).join('') },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: countTokens('Say hi'),
        completion_tokens: 6,
        total_tokens: countTokens('Say hi') + 6,
      },
    })
  })

  test('streams the current wire format: role first, a finish chunk, no usage unless asked', async () => {
    const sim = await startTestSim()
    const response = await postJson(sim, '/v1/chat/completions', {
      model: 'llama3.2',
      messages,
      stream: true,
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const events = await readSse(response)
    expect(events.at(-1)).toBe('[DONE]')
    const chunks = events.slice(0, -1) as {
      created: number
      choices: { delta: unknown; finish_reason: unknown }[]
    }[]
    const tokens = simTokens('Say hi', 6)
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: tokens[0] },
      ...tokens.slice(1).map((content) => ({ content })),
      {},
    ])
    expect(chunks.at(-1)!.choices[0]?.finish_reason).toBe('stop')
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1)
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false)
  })

  test('adds a usage chunk with no choices when include_usage is set, read by the openai SDK', async () => {
    const sim = await startTestSim()
    const stream = await client(sim.url).chat.completions.create({
      model: 'llama3.2',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    let usage: unknown
    const finishReasons: unknown[] = []
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason)
      if (chunk.usage) {
        expect(chunk.choices).toEqual([])
        usage = chunk.usage
      }
    }
    expect(text).toBe(simTokens('Say hi', 6).join(''))
    expect(finishReasons).toEqual(['stop'])
    expect(usage).toEqual({
      prompt_tokens: countTokens('Say hi'),
      completion_tokens: 6,
      total_tokens: countTokens('Say hi') + 6,
    })
  })

  test('can emit the legacy wire format: role on every chunk, finish reason on the last content chunk', async () => {
    const sim = await startTestSim({ openAiStreamFormat: 'legacy', responseTokens: 2 })
    const events = await readSse(
      await postJson(sim, '/v1/chat/completions', {
        model: 'llama3.2',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    )
    const [one, two] = simTokens('Say hi', 2)
    expect(events.map((event) => (event === '[DONE]' ? event : event.choices))).toEqual([
      [{ index: 0, delta: { role: 'assistant', content: one }, finish_reason: null }],
      [{ index: 0, delta: { role: 'assistant', content: two }, finish_reason: null }],
      [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }],
      [],
      '[DONE]',
    ])
  })

  test('sends reasoning first for a thinking model, and honours reasoning_effort none', async () => {
    const sim = await startTestSim()
    const openai = client(sim.url)
    const thinking = await openai.chat.completions.create({ model: 'qwen3:8b', messages })
    expect(thinking.choices[0]?.message).toMatchObject({
      content: simTokens('Say hi', 4).join(''),
      reasoning: simThinkingTokens('Say hi', 2).join(''),
    })
    const plain = await openai.chat.completions.create({
      model: 'qwen3:8b',
      messages,
      reasoning_effort: 'none',
    })
    expect(plain.choices[0]?.message).not.toHaveProperty('reasoning')
  })

  test('maps max_tokens to the output length and reports finish_reason length', async () => {
    const sim = await startTestSim()
    const completion = await client(sim.url).chat.completions.create({
      model: 'llama3.2',
      messages,
      max_tokens: 2,
    })
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: simTokens('Say hi', 2).join('') },
    })
    expect(completion.usage?.completion_tokens).toBe(2)
  })

  test('streams a tool call with string arguments and finish_reason tool_calls', async () => {
    const sim = await startTestSim()
    const stream = await client(sim.url).chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'call lookup please' }],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        },
      ],
      stream: true,
    })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    const call = chunks[0]?.choices[0]?.delta.tool_calls?.[0]
    expect(call).toMatchObject({ index: 0, type: 'function', function: { name: 'lookup' } })
    expect(JSON.parse(call!.function!.arguments!)).toEqual({ q: expect.any(String) as unknown })
    expect(chunks.at(-1)!.choices[0]?.finish_reason).toBe('tool_calls')
  })

  test('reports errors in the OpenAI shape', async () => {
    const sim = await startTestSim()
    const openai = client(sim.url)
    await expect(openai.chat.completions.create({ model: 'ghost', messages })).rejects.toMatchObject({
      status: 404,
      error: { message: "model 'ghost' not found", type: 'not_found_error', param: null, code: null },
    })
    await expect(openai.chat.completions.create({ model: 'llama3.2', messages: [] })).rejects.toMatchObject({
      status: 400,
      error: { message: "[] is too short - 'messages'", type: 'invalid_request_error' },
    })
  })
})

describe('/v1/completions', () => {
  test('puts a zeroed usage on every chunk with include_usage and the real one last', async () => {
    const sim = await startTestSim({ responseTokens: 3 })
    const events = await readSse(
      await postJson(sim, '/v1/completions', {
        model: 'llama3.2',
        prompt: 'Once',
        stream: true,
        stream_options: { include_usage: true },
      }),
    )
    expect(events.at(-1)).toBe('[DONE]')
    const chunks = events.slice(0, -1) as {
      choices: { text: string; finish_reason: string | null }[]
      usage: unknown
    }[]
    expect(chunks).toHaveLength(5)
    expect(chunks.slice(0, 4).map((chunk) => chunk.usage)).toEqual(
      Array(4).fill({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }),
    )
    expect(chunks.slice(0, 4).map((chunk) => chunk.choices[0]?.text)).toEqual([...simTokens('Once', 3), ''])
    expect(chunks[3]?.choices[0]?.finish_reason).toBe('stop')
    expect(chunks[4]).toMatchObject({
      object: 'text_completion',
      choices: [],
      usage: {
        prompt_tokens: countTokens('Once'),
        completion_tokens: 3,
        total_tokens: countTokens('Once') + 3,
      },
    })
  })

  test('answers without stream through the openai SDK', async () => {
    const sim = await startTestSim()
    const completion = await client(sim.url).completions.create({
      model: 'llama3.2',
      prompt: 'Once',
      max_tokens: 4,
    })
    expect(completion).toMatchObject({
      object: 'text_completion',
      choices: [{ text: simTokens('Once', 4).join(''), index: 0, finish_reason: 'length' }],
      usage: { completion_tokens: 4 },
    })
  })
})

describe('/v1/embeddings', () => {
  test('returns float vectors with usage, or base64 when asked', async () => {
    const sim = await startTestSim()
    const openai = client(sim.url)
    const floats = await openai.embeddings.create({
      model: 'all-minilm',
      input: ['one', 'two'],
      encoding_format: 'float',
    })
    expect(floats.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
      ['embedding', 0, 384],
      ['embedding', 1, 384],
    ])
    expect(floats.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 })
    // The SDK asks for base64 by default and decodes it: the same vector must come back.
    const decoded = await openai.embeddings.create({ model: 'all-minilm', input: 'one' })
    decoded.data[0]!.embedding.forEach((x, i) => expect(x).toBeCloseTo(floats.data[0]!.embedding[i]!, 6))
  })

  test('validates encoding_format and input', async () => {
    const sim = await startTestSim()
    const bad = await postJson(sim, '/v1/embeddings', {
      model: 'all-minilm',
      input: 'x',
      encoding_format: 'hex',
    })
    expect([bad.status, await bad.json()]).toEqual([
      400,
      {
        error: {
          message: "Invalid value for 'encoding_format' = hex. Supported values: ['float', 'base64'].",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    ])
    const empty = await postJson(sim, '/v1/embeddings', { model: 'all-minilm', input: [] })
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe('invalid input')
  })
})

describe('/v1/models', () => {
  test('lists the local models and retrieves one by id', async () => {
    const sim = await startTestSim()
    const openai = client(sim.url)
    const ids = []
    for await (const model of openai.models.list()) ids.push(model.id)
    expect(ids).toEqual(['llama3.2:latest', 'qwen3:8b', 'llava:latest', 'all-minilm:latest'])
    expect(await openai.models.retrieve('llama3.2')).toMatchObject({
      id: 'llama3.2',
      object: 'model',
      owned_by: 'library',
    })
    await expect(openai.models.retrieve('ghost')).rejects.toMatchObject({
      status: 404,
      error: { message: "model 'ghost:latest' not found", type: 'not_found_error' },
    })
  })

  test('sends data: null, not [], when there are no models', async () => {
    const sim = await startTestSim({ models: [] })
    const response = await fetch(sim.url + '/v1/models')
    expect(await response.json()).toEqual({ object: 'list', data: null })
  })
})
