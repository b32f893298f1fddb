import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import { main, parseSimArgs } from '../src/cli.ts'
import { postJson, startTestSim } from './helpers.ts'

describe('control endpoints', () => {
  test('inject and clear faults over HTTP', async () => {
    const sim = await startTestSim()
    const injected = await postJson(sim, '/_sim/faults', { kind: 'busy', times: 2 })
    expect(injected.status).toBe(204)
    const chat = { model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: false }
    expect((await postJson(sim, '/api/chat', chat)).status).toBe(503)
    expect((await fetch(sim.url + '/_sim/faults', { method: 'DELETE' })).status).toBe(204)
    expect((await postJson(sim, '/api/chat', chat)).status).toBe(200)
    const invalid = await postJson(sim, '/_sim/faults', { kind: 'reset' })
    expect([invalid.status, await invalid.json()]).toEqual([
      400,
      { error: 'reset fault needs an integer "afterChunks" of at least 0' },
    ])
  })

  test('read and reset stats, and patch options, without counting as requests', async () => {
    const sim = await startTestSim()
    await fetch(sim.url + '/api/tags')
    const stats = (await (await fetch(sim.url + '/_sim/stats')).json()) as Record<string, unknown>
    expect(stats).toMatchObject({ requests: 1, inFlight: 0, maxInFlight: 1 })
    expect((await fetch(sim.url + '/_sim/stats', { method: 'DELETE' })).status).toBe(204)
    expect(sim.stats.requests).toBe(0)

    const patched = await fetch(sim.url + '/_sim/options', {
      method: 'PATCH',
      body: JSON.stringify({ responseTokens: 2 }),
    })
    expect(await patched.json()).toMatchObject({ responseTokens: 2 })
    const response = await new Ollama({ host: sim.url }).generate({ model: 'llama3.2', prompt: 'x' })
    expect(response.eval_count).toBe(2)
    const refused = await fetch(sim.url + '/_sim/options', {
      method: 'PATCH',
      body: JSON.stringify({ numParallel: 0 }),
    })
    expect(refused.status).toBe(400)
    expect(sim.stats.requests).toBe(1)
  })
})

describe('cli', () => {
  test('parses the flags of corral sim', () => {
    expect(
      parseSimArgs([
        '--port',
        '0',
        '--parallel',
        '2',
        '--token-interval-ms',
        '0',
        '--models',
        'llama3.2,phi4',
        '--require-host',
      ]),
    ).toMatchObject({
      port: 0,
      numParallel: 2,
      tokenIntervalMs: 0,
      requireHost: true,
      models: [
        { name: 'llama3.2:latest', family: 'llama' },
        { name: 'phi4', capabilities: ['completion'] },
      ],
    })
    expect(parseSimArgs([]).port).toBe(11434)
    expect(() => parseSimArgs(['--parallel', 'many'])).toThrow('--parallel expects a number, got "many"')
  })

  test('starts a simulator and logs one line with its URL', async () => {
    const lines: string[] = []
    const sim = await main(['--port', '0', '--models', 'mistral'], (line) => lines.push(line))
    try {
      expect(lines).toEqual([`ollama-sim listening on ${sim!.url}`])
      expect((await new Ollama({ host: sim!.url }).list()).models.map((model) => model.name)).toEqual([
        'mistral:latest',
      ])
    } finally {
      await sim?.close()
    }
  })
})
