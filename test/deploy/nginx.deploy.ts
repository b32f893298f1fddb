import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect as connectHttp2 } from 'node:http2'
import { tmpdir } from 'node:os'
import { Readable } from 'node:stream'
import path from 'node:path'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { Agent, fetch as undiciFetch, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { startCorralProcess, type CorralProcess } from '../operations/corral-process.ts'
import { createKey, signIn, type SignedIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { filesIn, startNginx, type NginxInstance } from './support/nginx-instance.ts'
import { selfSignedCertificate, type Certificate } from './support/self-signed-certificate.ts'

/** One Corral process (the built CLI) on PostgreSQL, with the shipped nginx config in front of it. */
interface Stack {
  corral: CorralProcess
  nginx: NginxInstance
  database: TestDatabase
  admin: SignedIn
  dataDir: string
}

const tokenIntervalMs = 100
const answerTokens = 12
let sim: OllamaSim
let certificate: Certificate
let work: string
let trusted: Stack
let untrusted: Stack
let tunnelled: Stack
let apiKey: string

async function startStack(
  name: string,
  env: Record<string, string>,
  nginxOptions: { tunnelFromLoopback?: boolean } = {},
): Promise<Stack> {
  const database = await createTestDatabase()
  const dataDir = await mkdtemp(path.join(work, `${name}-data-`))
  const admin = { username: `admin-${name}`, password: strongPassword() }
  const corral = await startCorralProcess({
    CORRAL_DATABASE_URL: database.url!,
    CORRAL_DATA_DIR: dataDir,
    CORRAL_OLLAMA_URLS: sim.url,
    CORRAL_ADMIN_USERNAME: admin.username,
    CORRAL_ADMIN_PASSWORD: admin.password,
    CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
    ...env,
  })
  const nginx = await startNginx({
    directory: await mkdtemp(path.join(work, `${name}-nginx-`)),
    corralAddress: new URL(corral.url).host,
    certificate,
    ...nginxOptions,
  })
  return { corral, nginx, database, dataDir, admin: await signIn(corral.url, admin.username, admin.password) }
}

async function stopStack(stack: Stack | undefined): Promise<void> {
  if (!stack) return
  await stack.nginx.stop()
  stack.corral.child.kill('SIGTERM')
  await stack.corral.exited
  await stack.database.dispose()
}

/** An HTTPS client that trusts the test certificate, optionally from another loopback address. */
const agentFrom = (localAddress?: string) =>
  new Agent({ connect: { ca: certificate.pem }, ...(localAddress ? { localAddress } : {}) })
const tlsFetch = (agent: Agent) =>
  ((input: string | URL, init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch

/** Arrival times of the items an async iterable yields, relative to the first. */
async function arrivalTimes<T>(items: AsyncIterable<T>): Promise<{ items: T[]; times: number[] }> {
  const collected: T[] = []
  const times: number[] = []
  for await (const item of items) {
    collected.push(item)
    times.push(performance.now())
  }
  return { items: collected, times: times.map((time) => time - times[0]!) }
}

/** Unbuffered: the chunks arrive spread over the generation time, most of them a token interval apart. */
function expectSpreadInTime(times: number[]): void {
  const gaps = times.slice(1).map((time, index) => time - times[index]!)
  expect(times.at(-1)!).toBeGreaterThan((answerTokens - 3) * tokenIntervalMs * 0.8)
  expect(gaps.filter((gap) => gap >= tokenIntervalMs / 2).length).toBeGreaterThanOrEqual(answerTokens - 3)
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'corral-nginx-'))
  certificate = selfSignedCertificate(work)
  sim = await startOllamaSim({ tokenIntervalMs, loadDelayMs: 5, responseTokens: answerTokens })
  ;[trusted, untrusted, tunnelled] = await Promise.all([
    startStack('trusted', { CORRAL_TRUSTED_PROXIES: '127.0.0.1/32' }),
    startStack('untrusted', {}),
    startStack('tunnelled', { CORRAL_TRUSTED_PROXIES: '127.0.0.1/32' }, { tunnelFromLoopback: true }),
  ])
  apiKey = (await createKey(trusted.admin.api)).key
})

afterAll(async () => {
  await Promise.all([stopStack(trusted), stopStack(untrusted), stopStack(tunnelled)])
  await sim?.close()
  if (work) await rm(work, { recursive: true, force: true })
})

describe('the shipped nginx configuration in front of one Corral', () => {
  it('terminates TLS, speaks HTTP/2 to clients that offer it, and redirects plain HTTP to HTTPS', async () => {
    const session = connectHttp2(trusted.nginx.httpsUrl, { ca: certificate.pem })
    const status = await new Promise<number>((resolve, reject) => {
      const stream = session.request({ ':path': '/healthz' })
      stream.on('response', (headers) => resolve(Number(headers[':status'])))
      stream.on('error', reject)
      stream.resume()
    })
    session.close()
    expect(status).toBe(200)
    expect(session.alpnProtocol).toBe('h2')

    const plain = await request(`${trusted.nginx.httpUrl}/api/tags`)
    expect(plain.statusCode).toBe(308)
    expect(plain.headers.location).toMatch(/^https:\/\/127\.0\.0\.1(:\d+)?\/api\/tags$/)
    await plain.body.dump()
  })

  it('passes Ollama NDJSON through as it is generated (the official ollama client)', async () => {
    const ollama = new Ollama({
      host: trusted.nginx.httpsUrl,
      headers: { Authorization: `Bearer ${apiKey}` },
      fetch: tlsFetch(agentFrom()),
    })
    const stream = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Tell me about quokkas' }],
      stream: true,
    })
    const { items, times } = await arrivalTimes(stream)
    expect(items.at(-1)!.done).toBe(true)
    expect(items.at(-1)!.eval_count).toBe(answerTokens)
    expectSpreadInTime(times)
  })

  it('passes OpenAI server-sent events through as they are generated (the official openai client)', async () => {
    const openai = new OpenAI({
      baseURL: `${trusted.nginx.httpsUrl}/v1`,
      apiKey,
      fetch: tlsFetch(agentFrom()),
    })
    const stream = await openai.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Tell me about wombats' }],
      stream: true,
    })
    const { items, times } = await arrivalTimes(stream)
    const content = items.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')
    expect(content.length).toBeGreaterThan(0)
    expectSpreadInTime(times.slice(0, answerTokens))
  })

  it('carries the chat WebSocket, with the browser Origin of the nginx address', async () => {
    const conversation = await undiciFetch(`${trusted.nginx.httpsUrl}/corral/v1/me/conversations`, {
      method: 'POST',
      dispatcher: agentFrom(),
      headers: { authorization: `Bearer ${trusted.admin.api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama3.2' }),
    })
    expect(conversation.status).toBe(201)
    const { id } = (await conversation.json()) as { id: string }

    const socketUrl = `${trusted.nginx.httpsUrl.replace('https', 'wss')}/corral/v1/chat`
    const socket = new WebSocket(socketUrl, { ca: certificate.pem, origin: trusted.nginx.httpsUrl })
    const frames: Array<{ type: string; content?: string }> = []
    const finished = new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const frame = JSON.parse((data as Buffer).toString()) as { type: string; content?: string }
        frames.push(frame)
        if (frame.type === 'ready')
          socket.send(JSON.stringify({ type: 'send', request_id: 'r1', conversation_id: id, content: 'Hi' }))
        if (frame.type === 'done') resolve()
        if (frame.type === 'error') reject(new Error(JSON.stringify(frame)))
      })
      socket.on('error', reject)
      socket.on('close', (code) => reject(new Error(`socket closed with ${code}`)))
    })
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ type: 'auth', token: trusted.admin.api.token }))
    await finished
    socket.close()
    const deltas = frames.filter((frame) => frame.type === 'delta')
    expect(deltas.length).toBe(answerTokens)
  })

  it('streams a multi-gigabyte chunked blob upload through without buffering it in nginx', async () => {
    const block = randomBytes(1024 * 1024)
    const blocks = 2048 // 2 GiB
    const hash = createHash('sha256')
    for (let index = 0; index < blocks; index++) hash.update(block)
    const digest = `sha256:${hash.digest('hex')}`
    async function* body() {
      for (let index = 0; index < blocks; index++) yield block
    }
    let mostTempFiles = 0
    const watcher = setInterval(() => {
      mostTempFiles = Math.max(mostTempFiles, filesIn(trusted.nginx.clientBodyTempDirectory).length)
    }, 100)
    try {
      const response = await request(`${trusted.nginx.httpsUrl}/api/blobs/${digest}`, {
        method: 'POST',
        dispatcher: agentFrom(),
        headers: { authorization: `Bearer ${apiKey}` },
        body: Readable.from(body()),
      })
      await response.body.dump()
      expect(response.statusCode).toBe(201)
    } finally {
      clearInterval(watcher)
    }
    expect(mostTempFiles).toBe(0)
    expect(filesIn(trusted.nginx.clientBodyTempDirectory)).toEqual([])
  }, 300_000)

  describe('client addresses', () => {
    const forged = { 'cf-connecting-ip': '10.1.2.3', 'x-forwarded-for': '10.1.2.3' }

    /** Creates an API key through nginx from `from`, and reads the address Corral wrote in the audit log. */
    async function auditedAddress(
      stack: Stack,
      from: string,
      headers: Record<string, string> = forged,
    ): Promise<string> {
      const name = `from-${from}-${randomBytes(3).toString('hex')}`
      const created = await request(`${stack.nginx.httpsUrl}/corral/v1/me/keys`, {
        method: 'POST',
        dispatcher: agentFrom(from),
        headers: {
          ...headers,
          authorization: `Bearer ${stack.admin.api.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name }),
      })
      await created.body.dump()
      expect(created.statusCode).toBe(201)
      const audit = await stack.admin.api.get<{ entries: Array<{ details: { name?: string }; ip: string }> }>(
        '/corral/v1/admin/audit?limit=20',
      )
      return audit.body.entries.find((entry) => entry.details.name === name)!.ip
    }

    it('come from nginx’s X-Forwarded-For when nginx is trusted, never from the client’s own headers', async () => {
      expect(await auditedAddress(trusted, '127.0.0.2')).toBe('127.0.0.2')
    })

    it('are nginx’s own address when nginx is not trusted', async () => {
      expect(await auditedAddress(untrusted, '127.0.0.2')).toBe('127.0.0.1')
    })

    it('are the visitor’s behind a tunnel that connects to nginx, and only when cloudflared says so', async () => {
      // cloudflared on the same host connects from 127.0.0.1 and names the visitor.
      const visitor = { 'cf-connecting-ip': '10.1.2.3' }
      expect(await auditedAddress(tunnelled, '127.0.0.1', visitor)).toBe('10.1.2.3')
      expect(await auditedAddress(tunnelled, '127.0.0.3', visitor)).toBe('127.0.0.3')
    })

    it('cannot pass the IP allowlist with a forged CF-Connecting-IP', async () => {
      const saved = await trusted.admin.api.put('/corral/v1/admin/ip-allowlist', {
        enabled: true,
        entries: ['127.0.0.1/32', '127.0.0.2/32', '10.1.2.3/32'].map((cidr) => ({ cidr, note: 'test' })),
      })
      expect(saved.status).toBe(200)
      const tagsFrom = async (from: string, headers: Record<string, string> = {}) => {
        const response = await request(`${trusted.nginx.httpsUrl}/api/tags`, {
          dispatcher: agentFrom(from),
          headers: { authorization: `Bearer ${apiKey}`, ...headers },
        })
        await response.body.dump()
        return response.statusCode
      }
      // The list applies within a moment of saving it.
      const deadline = Date.now() + 10_000
      while ((await tagsFrom('127.0.0.3')) !== 403 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100))

      expect(await tagsFrom('127.0.0.2')).toBe(200)
      expect(await tagsFrom('127.0.0.3')).toBe(403)
      expect(await tagsFrom('127.0.0.3', forged)).toBe(403)
      expect(await tagsFrom('127.0.0.3', { 'cf-connecting-ip': '127.0.0.2' })).toBe(403)
    })
  })
})
