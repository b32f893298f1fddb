import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import { countTokens, simThinkingTokens, simTokens } from '../src/index.ts'
import { postJson, readLines, readNdjson, startTestSim } from './helpers.ts'

describe('/api/generate', () => {
  test('streams one token per line, piece by piece, and ends with the metrics', async () => {
    const sim = await startTestSim({ tokenIntervalMs: 20, responseTokens: 5 })
    const ollama = new Ollama({ host: sim.url })
    const chunks: { response: string | undefined; done: boolean; at: number }[] = []
    for await (const chunk of await ollama.generate({
      model: 'llama3.2',
      prompt: 'Tell me a story',
      stream: true,
    })) {
      chunks.push({ response: chunk.response, done: chunk.done, at: performance.now() })
    }
    expect(chunks.map((chunk) => chunk.response)).toEqual([...simTokens('Tell me a story', 5), ''])
    // Five tokens 20 ms apart arrive over about 80 ms, not in one burst. On a loaded machine two lines can
    // reach the client in one read, so count the moments they arrived at rather than every gap.
    expect(chunks[4]!.at - chunks[0]!.at).toBeGreaterThan(50)
    const moments = chunks.slice(0, 5).filter((chunk, i) => i === 0 || chunk.at - chunks[i - 1]!.at > 5)
    expect(moments.length).toBeGreaterThanOrEqual(3)
  })

  test('sends no byte, headers included, before the first token', async () => {
    const sim = await startTestSim({ loadDelayMs: 80 })
    const started = performance.now()
    const response = await postJson(sim, '/api/generate', { model: 'llama3.2', prompt: 'hi' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(75)
    expect(response.headers.get('content-type')).toBe('application/x-ndjson')
    expect(response.headers.get('content-length')).toBeNull()
    const lines = await readNdjson(response)
    const last = lines.at(-1)!
    expect(last).toMatchObject({ model: 'llama3.2', response: '', done: true, done_reason: 'stop' })
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(Number.isInteger(last[key]) && (last[key] as number) > 0).toBe(true)
    }
    expect(last.load_duration as number).toBeGreaterThanOrEqual(75e6)
    expect(last.prompt_eval_count).toBe(countTokens('hi'))
    expect(last.eval_count).toBe(6)
    expect(last.context).toHaveLength(countTokens('hi') + 6)
  })

  test('answers stream:false with one object holding the whole text', async () => {
    const sim = await startTestSim()
    const response = await new Ollama({ host: sim.url }).generate({ model: 'llama3.2', prompt: 'Why?' })
    expect(response.response).toBe(simTokens('Why?', 6).join(''))
    expect(response).toMatchObject({ done: true, done_reason: 'stop', eval_count: 6 })
  })

  test('stops at num_predict with done_reason length', async () => {
    const sim = await startTestSim()
    const response = await new Ollama({ host: sim.url }).generate({
      model: 'llama3.2',
      prompt: 'Count',
      options: { num_predict: 3 },
    })
    expect(response).toMatchObject({
      response: simTokens('Count', 3).join(''),
      done_reason: 'length',
      eval_count: 3,
    })
  })

  test('loads with an empty prompt and unloads with keep_alive 0', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    expect(await ollama.generate({ model: 'llama3.2', prompt: '' })).toMatchObject({
      model: 'llama3.2',
      response: '',
      done: true,
      done_reason: 'load',
    })
    expect((await ollama.ps()).models.map((model) => model.name)).toEqual(['llama3.2:latest'])
    expect(await ollama.generate({ model: 'llama3.2', prompt: '', keep_alive: 0 })).toMatchObject({
      done_reason: 'unload',
    })
    expect((await ollama.ps()).models).toEqual([])
  })

  test('reports the errors of GenerateHandler', async () => {
    const sim = await startTestSim()
    const cases: [unknown, number, string][] = [
      [{ prompt: 'x' }, 404, "model '' not found"],
      [{ model: 'nope', prompt: 'x' }, 404, "model 'nope' not found"],
      [{ model: 'all-minilm', prompt: 'x' }, 400, '"all-minilm" does not support generate'],
      [{ model: 'llama3.2', prompt: 'x', think: true }, 400, '"llama3.2" does not support thinking'],
      [
        { model: 'llama3.2', prompt: 'x', suffix: 'y' },
        400,
        'registry.ollama.ai/library/llama3.2:latest does not support insert',
      ],
      [
        { model: 'llama3.2', prompt: 'x', raw: true, system: 's' },
        400,
        'raw mode does not support template, system, or context',
      ],
    ]
    for (const [body, status, error] of cases) {
      const response = await postJson(sim, '/api/generate', body)
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(await response.json()).toEqual({ error })
    }
  })
})

describe('/api/chat', () => {
  test('streams message chunks with the role on each and counts the prompt', async () => {
    const sim = await startTestSim()
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there' },
    ]
    const chunks = await readNdjson(await postJson(sim, '/api/chat', { model: 'llama3.2', messages }))
    expect(chunks.slice(0, -1).map((chunk) => chunk.message)).toEqual(
      simTokens('Hello there', 6).map((content) => ({ role: 'assistant', content })),
    )
    expect(chunks.at(-1)).toMatchObject({
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: countTokens('Be brief.Hello there'),
      eval_count: 6,
    })
    expect(chunks.at(-1)).not.toHaveProperty('context')
  })

  test('thinks first on a thinking model unless think is false', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    const messages = [{ role: 'user', content: 'Plan a trip' }]
    const thought = await ollama.chat({ model: 'qwen3:8b', messages, think: true })
    expect(thought.message.thinking).toBe(simThinkingTokens('Plan a trip', 2).join(''))
    expect(thought.message.content).toBe(simTokens('Plan a trip', 4).join(''))
    expect(thought.eval_count).toBe(6)
    const plain = await ollama.chat({ model: 'qwen3:8b', messages, think: false })
    expect(plain.message.thinking).toBeUndefined()
    expect(plain.message.content).toBe(simTokens('Plan a trip', 6).join(''))
  })

  test('calls a tool the last user message names', async () => {
    const sim = await startTestSim()
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } },
        },
      },
    ]
    const response = await new Ollama({ host: sim.url }).chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Use get_weather for Tokyo' }],
      tools,
    })
    expect(response.message.content).toBe('')
    expect(response.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_[0-9a-f]{8}$/) as string,
        function: {
          index: 0,
          name: 'get_weather',
          arguments: { city: expect.any(String) as string, days: expect.any(Number) as number },
        },
      },
    ])
  })

  test('loads with messages: [] and refuses what the model cannot do', async () => {
    const sim = await startTestSim()
    const load = await postJson(sim, '/api/chat', { model: 'llama3.2', messages: [] })
    expect(await load.json()).toMatchObject({
      message: { role: 'assistant', content: '' },
      done_reason: 'load',
    })
    const cases: [unknown, number, string][] = [
      [{ messages: [] }, 400, 'model is required'],
      [{ model: 'ghost', messages: [] }, 404, "model 'ghost' not found"],
      [
        { model: 'all-minilm', messages: [{ role: 'user', content: 'x' }] },
        400,
        '"all-minilm" does not support chat',
      ],
      [
        {
          model: 'llava',
          messages: [{ role: 'user', content: 'x' }],
          tools: [{ type: 'function', function: { name: 'f' } }],
        },
        400,
        'registry.ollama.ai/library/llava:latest does not support tools',
      ],
    ]
    for (const [body, status, error] of cases) {
      const response = await postJson(sim, '/api/chat', body)
      expect([response.status, await response.json()]).toEqual([status, { error }])
    }
  })

  test('answers format json with valid JSON split over the chunks', async () => {
    const sim = await startTestSim()
    const response = await new Ollama({ host: sim.url }).chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'As JSON' }],
      format: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } },
    })
    expect(JSON.parse(response.message.content)).toEqual({
      name: expect.any(String) as unknown,
      age: expect.any(Number) as unknown,
    })
  })

  test('keeps a model in /api/ps after use, latest expiry first', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'a' }], keep_alive: '1m' })
    await ollama.chat({ model: 'qwen3:8b', messages: [{ role: 'user', content: 'a' }], keep_alive: '10m' })
    const { models } = await ollama.ps()
    expect(models.map((model) => model.name)).toEqual(['qwen3:8b', 'llama3.2:latest'])
    const expiresIn = new Date(models[0]!.expires_at).getTime() - Date.now()
    expect(expiresIn).toBeGreaterThan(9 * 60_000)
    expect(models[0]).toMatchObject({ size_vram: 5225388164, context_length: 4096 })
  })

  test('never writes blank lines', async () => {
    const sim = await startTestSim({ responseTokens: 20, tokenIntervalMs: 0 })
    const lines = await readLines(
      await postJson(sim, '/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }),
    )
    expect(lines).toHaveLength(21)
    expect(lines.every((line) => line.text.trim() !== '')).toBe(true)
  })
})
