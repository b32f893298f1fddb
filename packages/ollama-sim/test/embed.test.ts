import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import { postJson, startTestSim } from './helpers.ts'

describe('/api/embed and /api/embeddings', () => {
  test('embeds a string or a list into unit vectors, deterministically, with token counts', async () => {
    const sim = await startTestSim()
    const ollama = new Ollama({ host: sim.url })
    const response = await ollama.embed({ model: 'all-minilm', input: ['first text', 'second'] })
    expect(response.embeddings).toHaveLength(2)
    expect(response.embeddings[0]).toHaveLength(384)
    const norm = Math.hypot(...response.embeddings[0]!)
    expect(norm).toBeCloseTo(1, 5)
    expect(response.prompt_eval_count).toBe(3 + 2)
    expect(response.total_duration).toBeGreaterThan(0)
    const again = await ollama.embed({ model: 'all-minilm', input: 'first text' })
    expect(again.embeddings[0]).toEqual(response.embeddings[0])
  })

  test('returns an empty list for empty input and honours dimensions', async () => {
    const sim = await startTestSim()
    const empty = await postJson(sim, '/api/embed', { model: 'all-minilm', input: '' })
    expect(await empty.json()).toEqual({ model: 'all-minilm', embeddings: [] })
    const short = await new Ollama({ host: sim.url }).embed({ model: 'llama3.2', input: 'x', dimensions: 8 })
    expect(short.embeddings[0]).toHaveLength(8)
  })

  test('answers the legacy endpoint with one vector and no counts', async () => {
    const sim = await startTestSim()
    const response = (await (
      await postJson(sim, '/api/embeddings', { model: 'all-minilm', prompt: 'hi' })
    ).json()) as Record<string, unknown>
    expect(Object.keys(response)).toEqual(['embedding'])
    expect(response.embedding).toHaveLength(384)
  })

  test('words unknown models like the scheduler does', async () => {
    const sim = await startTestSim()
    const unknown = await postJson(sim, '/api/embed', { model: 'foo', input: 'x' })
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { error: 'model "foo" not found, try pulling it first' },
    ])
    const invalid = await postJson(sim, '/api/embed', { model: 'all-minilm', input: [1, 2] })
    expect([invalid.status, await invalid.json()]).toEqual([400, { error: 'invalid input type' }])
    const legacy = await postJson(sim, '/api/embeddings', { prompt: 'x' })
    expect([legacy.status, await legacy.json()]).toEqual([400, { error: 'model is required' }])
  })
})
