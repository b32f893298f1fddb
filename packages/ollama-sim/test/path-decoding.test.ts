import { describe, expect, test } from 'vitest'
import type { SimRequestEvent } from '../src/index.ts'
import { rawRequest, startTestSim } from './helpers.ts'

const json = { 'content-type': 'application/json' }
const chatBody = JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })

describe('percent-encoded paths', () => {
  test('route as their decoded form, as gin with UseRawPath=false does', async () => {
    const sim = await startTestSim()
    const seen: SimRequestEvent[] = []
    sim.events.on('request', (event: SimRequestEvent) => seen.push(event))

    const chat = await rawRequest(sim, 'POST', '/api/%63hat', { headers: json, body: chatBody })
    expect(chat.status).toBe(200)
    expect(chat.headers['content-type']).toBe('application/x-ndjson')
    expect(seen[0]).toMatchObject({ path: '/api/chat', rawPath: '/api/%63hat' })

    const pull = await rawRequest(sim, 'POST', '/api/%70ull', {
      headers: json,
      body: JSON.stringify({ model: 'mistral', stream: false }),
    })
    expect([pull.status, JSON.parse(pull.body)]).toEqual([200, { status: 'success' }])

    const removed = await rawRequest(sim, 'DELETE', '/api/%64elete', {
      headers: json,
      body: JSON.stringify({ model: 'mistral' }),
    })
    expect([removed.status, removed.body]).toEqual([200, ''])

    const openAi = await rawRequest(sim, 'POST', '/v1/%63hat/completions', { headers: json, body: chatBody })
    expect(JSON.parse(openAi.body)).toMatchObject({ object: 'chat.completion' })
  })

  test('treat an encoded slash as a separator', async () => {
    const sim = await startTestSim()
    const joined = await rawRequest(sim, 'POST', '/api%2Fchat', { headers: json, body: chatBody })
    expect(joined.status).toBe(200)
    const split = await rawRequest(sim, 'HEAD', '/api/blobs/sha256%2Fabc')
    expect(split.status).toBe(404)
  })

  test('decode path parameters exactly once', async () => {
    const sim = await startTestSim()
    const retrieved = await rawRequest(sim, 'GET', '/v1/models/llama3.2%3Alatest')
    expect(JSON.parse(retrieved.body)).toMatchObject({ id: 'llama3.2:latest', object: 'model' })
    const hex = 'ab'.repeat(32)
    const once = await rawRequest(sim, 'POST', `/api/blobs/sha256%3A${hex}`, { body: 'x' })
    expect(JSON.parse(once.body)).toEqual({
      error: expect.stringContaining(`expected "sha256:${hex}"`) as string,
    })
    const twice = await rawRequest(sim, 'POST', `/api/blobs/sha256%253A${hex}`, { body: 'x' })
    expect([twice.status, JSON.parse(twice.body)]).toEqual([400, { error: 'invalid digest format' }])
  })

  test('with a malformed escape get a bare 400 and a closed connection', async () => {
    const sim = await startTestSim()
    for (const path of ['/api/%zzhat', '/api/chat%', '/api/%6']) {
      const response = await rawRequest(sim, 'POST', path, { headers: json, body: chatBody })
      expect([response.status, response.headers.connection, response.body]).toEqual([
        400,
        'close',
        '400 Bad Request',
      ])
    }
    expect(sim.stats.maxInferenceInFlight).toBe(0)
  })
})

describe('unclean paths', () => {
  test("are redirected with 307 by Go's ServeMux before Ollama sees them", async () => {
    const sim = await startTestSim()
    const cases: [string, string, string][] = [
      ['POST', '//api/chat', '/api/chat'],
      ['POST', '/api/./chat', '/api/chat'],
      ['POST', '/v1/x/../chat/completions', '/v1/chat/completions'],
      ['DELETE', '/api/../../api/delete?force=1', '/api/delete?force=1'],
      ['POST', '//api/%70ull', '/api/%70ull'],
    ]
    for (const [method, path, location] of cases) {
      const response = await rawRequest(sim, method, path, { headers: json, body: chatBody })
      expect([response.status, response.headers.location, response.body]).toEqual([307, location, ''])
    }
    expect(sim.stats.maxInferenceInFlight).toBe(0)
  })

  test('get a short HTML note on GET', async () => {
    const sim = await startTestSim()
    const response = await rawRequest(sim, 'GET', '/api//tags')
    expect(response.status).toBe(307)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.body).toBe('<a href="/api/tags">Temporary Redirect</a>.\n\n')
  })

  test('keep encoded dot segments, which then match no route', async () => {
    const sim = await startTestSim()
    for (const path of ['/api/%2e%2e/api/chat', '/api/.%2e/api/chat', '/v1/%2E/chat/completions']) {
      const response = await rawRequest(sim, 'POST', path, { headers: json, body: chatBody })
      expect([response.status, response.body]).toEqual([404, '404 page not found'])
    }
  })
})

describe('trailing slashes', () => {
  test("are redirected by gin: 301 for GET, 307 for other methods, to the decoded path's twin", async () => {
    const sim = await startTestSim()
    const cases: [string, string, number, string][] = [
      ['GET', '/api/tags/', 301, '/api/tags'],
      ['HEAD', '/api/tags/', 307, '/api/tags'],
      ['POST', '/api/chat/', 307, '/api/chat'],
      ['POST', '/api/%63hat/', 307, '/api/chat'],
      ['POST', '/api/chat%2F', 307, '/api/chat'],
      ['GET', '/v1/models/', 301, '/v1/models'],
      ['POST', '/api/blobs/sha256:abc/', 307, '/api/blobs/sha256:abc'],
      ['GET', '/api/tags/?verbose=1', 301, '/api/tags?verbose=1'],
    ]
    for (const [method, path, status, location] of cases) {
      const response = await rawRequest(sim, method, path, { headers: json, body: chatBody })
      expect([path, response.status, response.headers.location]).toEqual([path, status, location])
    }
    expect(sim.stats.maxInferenceInFlight).toBe(0)
  })

  test('are redirected behind a sanitised X-Forwarded-Prefix', async () => {
    const sim = await startTestSim()
    const response = await rawRequest(sim, 'GET', '/api/tags/', {
      headers: { 'x-forwarded-prefix': '/ollama<script>//' },
    })
    expect(response.headers.location).toBe('/ollamascript/api/tags')
  })

  test('are redirected before the Host check runs', async () => {
    const sim = await startTestSim({ requireHost: true })
    const response = await rawRequest(sim, 'GET', '/api/tags/', { headers: { host: 'gateway.example.com' } })
    expect(response.status).toBe(301)
  })

  test('are not added where no route has the twin', async () => {
    const sim = await startTestSim()
    for (const path of ['/api/', '/api/blobs/', '/api/blobs/a/b', '/v1/']) {
      expect((await rawRequest(sim, 'POST', path)).status).toBe(404)
    }
  })
})

describe('methods', () => {
  test('a known path with another method is 405 with the allowed methods', async () => {
    const sim = await startTestSim()
    const cases: [string, string, string][] = [
      ['GET', '/api/chat', 'POST'],
      ['POST', '/api/tags', 'HEAD, GET'],
      ['GET', '/api/blobs/sha256:abc', 'HEAD, POST'],
      ['PUT', '/', 'HEAD, GET'],
    ]
    for (const [method, path, allow] of cases) {
      const response = await rawRequest(sim, method, path)
      expect([response.status, response.headers.allow, response.body]).toEqual([
        405,
        allow,
        '405 method not allowed',
      ])
    }
  })

  test('OPTIONS * is answered by the server itself', async () => {
    const sim = await startTestSim()
    expect((await rawRequest(sim, 'OPTIONS', '*')).status).toBe(200)
    expect((await rawRequest(sim, 'GET', '*')).status).toBe(400)
  })
})
