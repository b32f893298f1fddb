import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/** A raw TCP client: what it sends is up to the test, and it records what came back and when it closed. */
class RawClient {
  readonly socket: net.Socket
  received = ''
  readonly closed: Promise<number>
  private readonly started = performance.now()

  constructor(port: number, localAddress = '127.0.0.1') {
    this.socket = net.connect({ port, host: '127.0.0.1', localAddress })
    this.socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')))
    this.socket.on('error', () => undefined)
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => resolve(performance.now() - this.started)),
    )
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve)
      this.socket.once('error', reject)
    })
  }

  /** Writes `text` a few bytes at a time, every `intervalMs`, until done or closed. */
  async trickle(text: string, intervalMs: number, bytes = 4): Promise<void> {
    for (let offset = 0; offset < text.length && !this.socket.destroyed; offset += bytes) {
      this.socket.write(text.slice(offset, offset + bytes))
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}

/** Connections that cost Corral a file descriptor each and send as little as they can. */
describe('slow and numerous clients', () => {
  let corral: TestCorral
  let port: number

  beforeAll(async () => {
    corral = await startTestCorral({
      config: { maxConnectionsPerAddress: 20, trustedProxies: ['127.0.0.72'] },
    })
    port = Number(new URL(corral.url).port)
  })
  afterAll(() => corral?.close())

  it.concurrent(
    'drops a sign-in whose body trickles in, with a 408',
    async ({ expect }) => {
      const client = new RawClient(port, '127.0.0.73')
      await client.connected()
      const body = JSON.stringify({ username: 'someone', password: 'x'.repeat(200) })
      client.socket.write(
        `POST /corral/v1/auth/login HTTP/1.1\r\nHost: corral\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      )
      void client.trickle(body, 250, 1)
      const closedAfterMs = await client.closed
      expect(client.received).toMatch(/^HTTP\/1\.1 408/)
      expect(client.received).toContain('CORRAL_ERR_REQUEST_TIMEOUT')
      expect(closedAfterMs).toBeLessThan(14_000)
    },
    30_000,
  )

  it.concurrent(
    'drops a connection that never finishes its headers',
    async ({ expect }) => {
      const client = new RawClient(port, '127.0.0.74')
      await client.connected()
      client.socket.write('GET /healthz HTTP/1.1\r\nHost: corral\r\n')
      const closedAfterMs = await client.closed
      expect(closedAfterMs).toBeLessThan(14_000)
    },
    30_000,
  )

  it.concurrent(
    'does not cut an inference request whose body is slow: only Corral’s own routes have the deadline',
    async ({ expect }) => {
      const user = await createUser((await signInAdmin(corral)).api)
      const { key } = await createKey(user.api)
      const client = new RawClient(port, '127.0.0.75')
      await client.connected()
      const body = JSON.stringify({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'hi' }],
        stream: false,
      })
      client.socket.write(
        `POST /api/chat HTTP/1.1\r\nHost: corral\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      )
      await client.trickle(body, 12_000 / (body.length / 8), 8)
      await client.closed
      expect(client.received).toMatch(/^HTTP\/1\.1 200/)
    },
    40_000,
  )

  it('refuses more connections from one address than the bound, but not from a trusted proxy', async () => {
    const held: RawClient[] = []
    for (let index = 0; index < 20; index++) {
      const client = new RawClient(port, '127.0.0.76')
      await client.connected()
      held.push(client)
    }
    // The bound is per address: the next one is closed at once, without an answer.
    const refused = new RawClient(port, '127.0.0.76')
    refused.socket.write('GET /healthz HTTP/1.1\r\nHost: corral\r\n\r\n')
    await refused.closed
    expect(refused.received).toBe('')
    const elsewhere = await fetch(`${corral.url}/healthz`)
    expect(elsewhere.status).toBe(200)
    const viaProxy: RawClient[] = []
    for (let index = 0; index < 25; index++) {
      const client = new RawClient(port, '127.0.0.72')
      await client.connected()
      viaProxy.push(client)
    }
    viaProxy.at(-1)!.socket.write('GET /healthz HTTP/1.1\r\nHost: corral\r\n\r\n')
    await expect.poll(() => viaProxy.at(-1)!.received).toMatch(/^HTTP\/1\.1 200/)
    for (const client of [...held, ...viaProxy]) client.socket.destroy()
    // Closed connections stop counting.
    await expect
      .poll(async () => {
        const again = new RawClient(port, '127.0.0.76')
        again.socket.write('GET /healthz HTTP/1.1\r\nHost: corral\r\nConnection: close\r\n\r\n')
        await again.closed
        return again.received.startsWith('HTTP/1.1 200')
      })
      .toBe(true)
  })
})
