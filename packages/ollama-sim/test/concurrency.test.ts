import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import type { InferenceEndEvent, InferenceStartEvent } from '../src/index.ts'
import { postJson, readNdjson, startTestSim } from './helpers.ts'

const messages = [{ role: 'user', content: 'Hello' }]

function record(events: NodeJS.EventEmitter): { starts: InferenceStartEvent[]; ends: InferenceEndEvent[] } {
  const log = { starts: [] as InferenceStartEvent[], ends: [] as InferenceEndEvent[] }
  events.on('inference-start', (event: InferenceStartEvent) => log.starts.push(event))
  events.on('inference-end', (event: InferenceEndEvent) => log.ends.push(event))
  return log
}

describe('concurrency like OLLAMA_NUM_PARALLEL', () => {
  test('with numParallel 1 a second request waits until the first ends', async () => {
    const sim = await startTestSim({ numParallel: 1, tokenIntervalMs: 5 })
    const log = record(sim.events)
    const order: string[] = []
    sim.events.on('inference-start', ({ id }: InferenceStartEvent) => order.push(`start ${id}`))
    sim.events.on('inference-end', ({ id }: InferenceEndEvent) => order.push(`end ${id}`))
    const ollama = new Ollama({ host: sim.url })
    await Promise.all([
      ollama.chat({ model: 'llama3.2', messages }),
      ollama.chat({ model: 'llama3.2', messages }),
    ])
    const [first, second] = log.starts.map((event) => event.id)
    expect(order).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`])
    expect(sim.stats).toMatchObject({ maxRunning: 1, maxInferenceInFlight: 2, completed: 2, running: 0 })
  })

  test('with numParallel 2 two requests run together, and other models have their own slots', async () => {
    const sim = await startTestSim({ numParallel: 2 })
    const ollama = new Ollama({ host: sim.url })
    await Promise.all([
      ollama.chat({ model: 'llama3.2', messages }),
      ollama.chat({ model: 'llama3.2', messages }),
      ollama.chat({ model: 'llava', messages }),
    ])
    expect(sim.stats.maxRunning).toBe(3)
  })

  test('beyond maxQueue waiting requests a request gets 503 server busy', async () => {
    const sim = await startTestSim({ numParallel: 1, maxQueue: 1, tokenIntervalMs: 10 })
    const running = postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    await new Promise((resolve) => sim.events.once('inference-start', resolve))
    const waiting = postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    await new Promise((resolve) => setTimeout(resolve, 10))
    const rejected = await postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    expect(rejected.status).toBe(503)
    expect(await rejected.json()).toEqual({
      error: 'server busy, please try again.  maximum pending requests exceeded',
    })
    expect((await running).status).toBe(200)
    expect((await waiting).status).toBe(200)
  })

  test('setOptions raises numParallel for waiting requests too', async () => {
    const sim = await startTestSim({ numParallel: 1, tokenIntervalMs: 10 })
    const first = postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    await new Promise((resolve) => sim.events.once('inference-start', resolve))
    const second = postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sim.stats.running).toBe(1)
    const secondStarted = new Promise((resolve) => sim.events.once('inference-start', resolve))
    sim.setOptions({ numParallel: 2 })
    await secondStarted
    expect(sim.stats.running).toBe(2)
    await Promise.all([first, second])
  })
})

describe('client aborts', () => {
  test('an abort mid-stream ends the inference at once and frees the slot', async () => {
    const sim = await startTestSim({ numParallel: 1, tokenIntervalMs: 20, responseTokens: 50 })
    const log = record(sim.events)
    const controller = new AbortController()
    const response = await postJson(
      sim,
      '/api/chat',
      { model: 'llama3.2', messages },
      { signal: controller.signal },
    )
    const reader = response.body!.getReader()
    await reader.read()
    const ended = new Promise<InferenceEndEvent>((resolve) => sim.events.once('inference-end', resolve))
    const abortedAt = performance.now()
    controller.abort()
    const end = await ended
    expect(end).toMatchObject({ model: 'llama3.2:latest', aborted: true, outcome: 'aborted' })
    // The remaining 49 tokens would take about a second; "at once" is far below that even on a
    // loaded machine, where a few tens of milliseconds of event-loop delay are normal.
    expect(end.at - abortedAt).toBeLessThan(250)
    expect(performance.now() - abortedAt).toBeLessThan(250)
    expect(sim.stats).toMatchObject({ aborted: 1, completed: 0, running: 0 })
    expect(log.starts).toHaveLength(1)

    // The slot is free: the next request runs straight away.
    sim.setOptions({ responseTokens: 2, tokenIntervalMs: 1 })
    expect(
      (await readNdjson(await postJson(sim, '/api/chat', { model: 'llama3.2', messages }))).at(-1),
    ).toMatchObject({
      done: true,
    })
  })

  test('an abort while waiting for a slot gives up the place in line', async () => {
    const sim = await startTestSim({ numParallel: 1, tokenIntervalMs: 10 })
    const log = record(sim.events)
    const first = postJson(sim, '/api/chat', { model: 'llama3.2', messages, stream: false })
    await new Promise((resolve) => sim.events.once('inference-start', resolve))
    const controller = new AbortController()
    const waiting = postJson(sim, '/api/chat', { model: 'llama3.2', messages }, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 10))
    controller.abort()
    await expect(waiting).rejects.toThrow()
    expect((await first).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(log.starts).toHaveLength(1)
    expect(sim.stats).toMatchObject({ aborted: 1, completed: 1, inferenceInFlight: 0, running: 0 })
  })

  test('an abort during a stream:false generation is noticed too', async () => {
    const sim = await startTestSim({ tokenIntervalMs: 20, responseTokens: 50 })
    const controller = new AbortController()
    const ended = new Promise<InferenceEndEvent>((resolve) => sim.events.once('inference-end', resolve))
    const request = postJson(
      sim,
      '/api/generate',
      { model: 'llama3.2', prompt: 'x', stream: false },
      { signal: controller.signal },
    )
    await new Promise((resolve) => sim.events.once('inference-start', resolve))
    setTimeout(() => controller.abort(), 30)
    await expect(request).rejects.toThrow()
    expect(await ended).toMatchObject({ aborted: true })
  })
})
