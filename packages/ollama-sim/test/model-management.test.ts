import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import { postJson, readNdjson, startTestSim } from './helpers.ts'

describe('/api/tags and /api/show', () => {
  test('lists the local models in the shape of ListResponse', async () => {
    const sim = await startTestSim()
    const { models } = await new Ollama({ host: sim.url }).list()
    expect(models.map((model) => model.name)).toEqual([
      'llama3.2:latest',
      'qwen3:8b',
      'llava:latest',
      'all-minilm:latest',
    ])
    expect(models[0]).toMatchObject({
      model: 'llama3.2:latest',
      size: 2019393189,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      modified_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/) as string,
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '3.2B',
        quantization_level: 'Q4_K_M',
      },
    })
  })

  test('lists nothing as {"models":[]}', async () => {
    const sim = await startTestSim({ models: [] })
    expect(await (await fetch(sim.url + '/api/tags')).json()).toEqual({ models: [] })
  })

  test('shows a model by model or name, always with model_info, and 404s with the normalised name', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    const shown = await ollama.show({ model: 'qwen3:8b' })
    expect(shown.capabilities).toEqual(['completion', 'tools', 'thinking'])
    expect(shown.model_info).toMatchObject({ 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 })
    const byName = await postJson(sim, '/api/show', { name: 'all-minilm' })
    expect(await byName.json()).toHaveProperty('model_info')
    await expect(ollama.show({ model: 'foo' })).rejects.toMatchObject({
      status_code: 404,
      message: "model 'foo:latest' not found",
    })
  })
})

describe('/api/pull', () => {
  test('streams progress per layer and then the model is local', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    const statuses: { status: string; digest?: string; total?: number; completed?: number }[] = []
    for await (const progress of await ollama.pull({ model: 'mistral', stream: true }))
      statuses.push(progress)
    expect(statuses[0]).toEqual({ status: 'pulling manifest' })
    expect(statuses.slice(-4).map((line) => line.status)).toEqual([
      'verifying sha256 digest',
      'writing manifest',
      'removing unused layers',
      'success',
    ])
    // At least four lines: the last four were checked above.
    const layer = statuses.filter((line) => line.digest === statuses[1]!.digest)
    expect(layer[0]).not.toHaveProperty('completed')
    expect(layer[0]?.status).toBe(`pulling ${statuses[1]!.digest!.slice(7, 19)}`)
    expect(layer.at(-1)!.completed).toBe(layer.at(-1)!.total)
    expect((await ollama.list()).models.map((model) => model.name)).toContain('mistral:latest')
  })

  test('answers stream:false with the last status', async () => {
    const sim = await startTestSim()
    expect(await new Ollama({ host: sim.url }).pull({ model: 'gemma3' })).toEqual({ status: 'success' })
  })

  test('fails for a model the registry does not have', async () => {
    const sim = await startTestSim()
    const lines = await readNdjson(await postJson(sim, '/api/pull', { model: 'doesnotexist' }))
    expect(lines).toEqual([
      { status: 'pulling manifest' },
      { error: 'pull model manifest: file does not exist' },
    ])

    const ollama = new Ollama({ host: sim.url })
    const stream = await ollama.pull({ model: 'nowhere-doesnotexist', stream: true })
    await expect(
      (async () => {
        for await (const line of stream) void line
      })(),
    ).rejects.toThrow('pull model manifest: file does not exist')
    await expect(ollama.pull({ model: 'doesnotexist' })).rejects.toMatchObject({
      status_code: 500,
      message: 'pull model manifest: file does not exist',
    })
  })
})

describe('copy, delete, push and create', () => {
  test('copies and deletes with empty 200 bodies, and 404s for unknown models', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    const copied = await postJson(sim, '/api/copy', { source: 'llama3.2', destination: 'llama3-backup' })
    expect([copied.status, await copied.text()]).toEqual([200, ''])
    expect((await ollama.list()).models.map((model) => model.name)).toContain('llama3-backup:latest')
    await ollama.delete({ model: 'llama3-backup' })
    expect((await ollama.list()).models.map((model) => model.name)).not.toContain('llama3-backup:latest')

    await expect(ollama.copy({ source: 'ghost', destination: 'x' })).rejects.toMatchObject({
      status_code: 404,
      message: 'model "ghost" not found',
    })
    const missing = await fetch(sim.url + '/api/delete', {
      method: 'DELETE',
      body: JSON.stringify({ model: 'ghost' }),
    })
    expect([missing.status, await missing.json()]).toEqual([404, { error: "model 'ghost' not found" }])
  })

  test('pushes a local model and creates one from another', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    expect(await ollama.push({ model: 'llama3.2' })).toEqual({ status: 'success' })
    const statuses: string[] = []
    for await (const line of await ollama.create({
      model: 'brief',
      from: 'llama3.2',
      system: 'Be brief.',
      stream: true,
    })) {
      statuses.push(line.status)
    }
    expect(statuses.at(-1)).toBe('success')
    expect(statuses.some((status) => status.startsWith('creating new layer sha256:'))).toBe(true)
    expect((await ollama.show({ model: 'brief' })).capabilities).toEqual(['completion', 'tools'])
  })
})
