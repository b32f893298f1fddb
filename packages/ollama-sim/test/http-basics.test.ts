import { Ollama } from 'ollama'
import { describe, expect, test } from 'vitest'
import type { SimRequestEvent } from '../src/index.ts'
import { postJson, startTestSim } from './helpers.ts'

describe('transport', () => {
  test('says "Ollama is running" on GET and HEAD /', async () => {
    const sim = await startTestSim()
    const get = await fetch(sim.url + '/')
    expect([get.status, get.headers.get('content-type'), await get.text()]).toEqual([
      200,
      'text/plain; charset=utf-8',
      'Ollama is running',
    ])
    const head = await fetch(sim.url + '/', { method: 'HEAD' })
    expect([head.status, await head.text()]).toEqual([200, ''])
  })

  test('reports the version and the cloud status', async () => {
    const sim = await startTestSim({ version: '0.12.3' })
    expect(await new Ollama({ host: sim.url }).version()).toEqual({ version: '0.12.3' })
    expect((await fetch(sim.url + '/api/version', { method: 'HEAD' })).status).toBe(200)
    expect(await (await fetch(sim.url + '/api/status')).json()).toEqual({
      cloud: { disabled: false, source: 'none' },
    })
  })

  test("answers unknown paths and wrong methods with gin's plain texts", async () => {
    const sim = await startTestSim()
    const missing = await fetch(sim.url + '/api/nothing')
    expect([missing.status, missing.headers.get('content-type'), await missing.text()]).toEqual([
      404,
      'text/plain',
      '404 page not found',
    ])
    const wrong = await fetch(sim.url + '/api/chat')
    expect([wrong.status, await wrong.text()]).toEqual([405, '405 method not allowed'])
    expect((await fetch(sim.url + '/v1/models', { method: 'HEAD' })).status).toBe(405)
  })

  test('words body errors like Go', async () => {
    const sim = await startTestSim()
    const cases: [string, string][] = [
      ['', 'missing request body'],
      ['xyz', "invalid character 'x' looking for beginning of value"],
      ['[1]', 'json: cannot unmarshal array into Go value of type api.ChatRequest'],
      ['{"model": 3}', 'json: cannot unmarshal number into Go struct field ChatRequest.model of type string'],
      ['{"model": "llama3.2", "keep_alive": "soon"}', 'time: invalid duration "soon"'],
      [
        '{"model": "llama3.2", "think": "deep"}',
        'invalid think value: "deep" (must be "high", "medium", "low", "max", true, or false)',
      ],
    ]
    for (const [body, error] of cases) {
      const response = await postJson(sim, '/api/chat', body)
      expect([response.status, await response.json()]).toEqual([400, { error }])
    }
  })

  test('escapes <, > and & in JSON like Go', async () => {
    const sim = await startTestSim()
    sim.inject({ kind: 'status', status: 500, body: { error: '<think> & more' } })
    const response = await fetch(sim.url + '/api/tags')
    expect(await response.text()).toBe('{"error":"\\u003cthink\\u003e \\u0026 more"}')
  })

  test('records the headers of the last request and emits a request event', async () => {
    const sim = await startTestSim()
    const seen: SimRequestEvent[] = []
    sim.events.on('request', (event: SimRequestEvent) => seen.push(event))
    await fetch(sim.url + '/api/tags', { headers: { authorization: 'Bearer k', origin: 'https://app' } })
    expect(sim.stats.lastHeaders).toMatchObject({ authorization: 'Bearer k', origin: 'https://app' })
    expect(seen).toEqual([
      {
        id: expect.any(Number) as number,
        method: 'GET',
        path: '/api/tags',
        rawPath: '/api/tags',
        headers: sim.stats.lastHeaders,
      },
    ])
    expect(sim.stats.requests).toBe(1)
  })

  test('with requireHost, refuses a foreign Host with an empty 403 and serves local ones', async () => {
    const sim = await startTestSim({ requireHost: true })
    const withHost = (host: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        import('node:http')
          .then(({ request }) => {
            const req = request(sim.url + '/api/tags', { headers: { host } }, (res) => {
              let body = ''
              res.on('data', (chunk: Buffer) => (body += chunk.toString()))
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
            })
            req.on('error', reject)
            req.end()
          })
          .catch(reject)
      })
    expect(await withHost('gateway.example.com')).toEqual({ status: 403, body: '' })
    for (const host of [
      '127.0.0.1:11434',
      'localhost:11434',
      '192.168.1.20',
      '[::1]:11434',
      'box.internal',
    ]) {
      expect((await withHost(host)).status).toBe(200)
    }
  })
})
