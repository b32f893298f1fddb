import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import OpenAI from 'openai'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecords } from '../proxy/usage-records.ts'

const healthChecks = new Set(['/api/version', '/api/tags', '/api/ps'])

/**
 * Sends a request with exactly this path: fetch (the WHATWG URL parser) would resolve `.` and `..`
 * before sending, an attacker's client does not.
 */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }
    const request = httpRequest(base, { method, path, headers: { ...headers, ...length } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
    })
    request.on('error', reject)
    request.end(body)
  })
}

describe('a path is checked in the form the backend routes on', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let userKey: string
  let adminKey: string
  const seen: string[] = []
  /** What reached the backend, health checks aside. */
  const forwarded = () => seen.filter((path) => !healthChecks.has(path))

  const send = (method: string, path: string, body?: unknown, key = userKey, headers = {}) =>
    rawRequest(
      corral.url,
      method,
      path,
      { authorization: `Bearer ${key}`, ...headers },
      body === undefined ? undefined : JSON.stringify(body),
    )

  beforeAll(async () => {
    // Two slots in Corral, four in the simulator: any excess the simulator sees is Corral's fault.
    corral = await startTestCorral({ config: { ollamaSlots: 2 }, sim: { numParallel: 4 } })
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    userKey = (await createKey(user.api)).key
    adminKey = (await createKey(admin.api)).key
    corral.sim.events.on('request', (event: { path: string }) => seen.push(event.path))
  })
  afterAll(() => corral?.close())

  it('refuses model management to a user however its path is spelled', async () => {
    seen.length = 0
    const digest = `sha256:${'a'.repeat(64)}`
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/%70ull', { model: 'mistral' }],
      ['POST', '/api/./pull', { model: 'mistral' }],
      ['POST', '/api//pull', { model: 'mistral' }],
      ['POST', '/v1/../api/pull', { model: 'mistral' }],
      ['POST', '/%61pi/pull', { model: 'mistral' }],
      ['DELETE', '/api/%64elete', { model: 'llama3.2' }],
      ['POST', '/api/%63opy', { source: 'llama3.2', destination: 'mine' }],
      ['POST', `/api/blobs%2F${digest}`, undefined],
    ]
    for (const [method, path, body] of attempts) {
      const answer = await send(method, path, body)
      expect([path, answer.status]).toEqual([path, 403])
      // The refusal comes in an Ollama or OpenAI shape (`{"error": …}`) as on any proxied path, not in
      // the shape of Corral's own routes.
      expect([path, Object.keys(JSON.parse(answer.text) as object)]).toEqual([path, ['error']])
    }
    // An encoded slash in the first segment matches no route of Corral's at all.
    expect((await send('POST', '/api%2Fpull', { model: 'mistral' })).status).toBe(404)
    expect(forwarded()).toEqual([])
  })

  it('queues, limits and records encoded inference paths like plain ones', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 10 })
    corral.sim.stats.reset()
    try {
      const chats = Array.from({ length: 10 }, (_, index) =>
        send('POST', '/api/%63hat', {
          model: 'llama3.2',
          messages: [{ role: 'user', content: `encoded ${index}` }],
          stream: false,
          options: { num_predict: 5 },
        }),
      )
      const openAi = send('POST', '/v1/%63hat/completions', {
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'encoded openai' }],
        max_tokens: 5,
      })
      const answers = await Promise.all([...chats, openAi])
      expect(answers.map((answer) => answer.status)).toEqual(Array(11).fill(200))
      expect(corral.sim.stats.maxInferenceInFlight).toBe(2)
      const records = await usageRecords(user.api, 11)
      expect(records.filter((record) => record.endpoint === '/api/chat')).toHaveLength(10)
      expect(records.filter((record) => record.endpoint === '/v1/chat/completions')).toHaveLength(1)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('keeps the encodings real clients send working', async () => {
    const openai = new OpenAI({ apiKey: userKey, baseURL: `${corral.url}/v1`, maxRetries: 0 })
    // The SDK encodes the name: GET /v1/models/llama3.2%3Alatest.
    expect((await openai.models.retrieve('llama3.2:latest')).id).toBe('llama3.2:latest')
    const digest = `sha256:${'b'.repeat(64)}`
    for (const path of [`/api/blobs/${digest}`, `/api/blobs/${digest.replace(':', '%3A')}`]) {
      seen.length = 0
      expect((await send('HEAD', path, undefined, adminKey)).status).toBe(404)
      expect(forwarded()).toEqual([`/api/blobs/${digest}`])
    }
  })

  it('refuses paths that decode to control characters or are not validly escaped, with 400', async () => {
    seen.length = 0
    const nul = await send('POST', '/api/%00chat', { model: 'llama3.2' })
    expect([nul.status, JSON.parse(nul.text)]).toEqual([
      400,
      { error: 'The request path holds control characters' },
    ])
    // Fastify refuses a broken escape before routing.
    expect((await send('POST', '/api/%zzchat', { model: 'llama3.2' })).status).toBe(400)
    expect(forwarded()).toEqual([])
  })
})

describe("Ollama's cloud-account routes and credentials", () => {
  let corral: TestCorral
  let userKey: string
  let adminKey: string
  const seen: string[] = []

  beforeAll(async () => {
    corral = await startTestCorral()
    const admin = await signInAdmin(corral)
    userKey = (await createKey((await createUser(admin.api)).api)).key
    adminKey = (await createKey(admin.api)).key
    corral.sim.events.on('request', (event: { path: string }) => seen.push(event.path))
  })
  afterAll(() => corral?.close())

  it('lets only admins sign a backend in or out of ollama.com', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/signout'],
      ['POST', '/api/me'],
      ['DELETE', '/api/user/keys/c3NoLWVkMjU1MTk'],
      ['POST', '/api/%6De'],
    ]
    seen.length = 0
    for (const [method, path] of routes) {
      const answer = await rawRequest(corral.url, method, path, { authorization: `Bearer ${userKey}` }, '{}')
      expect([path, answer.status]).toEqual([path, 403])
    }
    expect(seen.filter((path) => !healthChecks.has(path))).toEqual([])
    const forwarded = await rawRequest(
      corral.url,
      'POST',
      '/api/me',
      { authorization: `Bearer ${adminKey}` },
      '{}',
    )
    // The simulator has no cloud routes: its 404 shows the request reached the backend.
    expect(forwarded.status).toBe(404)
    expect(seen.filter((path) => !healthChecks.has(path))).toEqual(['/api/me'])
  })

  it('never forwards a credential Corral accepts, nor its own or the proxies’ headers', async () => {
    const response = await fetch(`${corral.url}/api/show`, {
      method: 'POST',
      headers: {
        'x-api-key': userKey,
        cookie: 'corral_refresh=secret',
        'x-corral-backend': 'gpu-1',
        'x-corral-anything': '1',
        'cf-access-jwt-assertion': 'eyJhbGciOi.secret.jwt',
        'cf-connecting-ip': '10.1.2.3',
        forwarded: 'for=10.1.2.3',
        'x-forwarded-for': '10.1.2.3',
        'x-forwarded-port': '443',
      },
      body: JSON.stringify({ model: 'llama3.2' }),
    })
    expect(response.status).toBe(200)
    const headers = Object.keys(corral.sim.stats.lastHeaders!)
    expect(
      headers.filter((name) =>
        /^(x-api-key|cookie|authorization|forwarded|x-corral-|x-forwarded-|cf-)/.test(name),
      ),
    ).toEqual([])
  })
})
