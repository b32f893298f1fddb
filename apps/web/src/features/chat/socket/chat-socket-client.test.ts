import type { ChatServerFrame } from '@corral/contracts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ChatSocketClient,
  chatSocketUrl,
  type ConnectionState,
  type WebSocketLike,
} from './chat-socket-client.ts'

/** A WebSocket the test drives by hand: it records what the client sends and plays the server. */
class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = []
  readyState = 0
  sent: Record<string, unknown>[] = []
  onopen: WebSocketLike['onopen'] = null
  onmessage: WebSocketLike['onmessage'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null

  constructor(readonly url: string) {
    FakeSocket.instances.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(code = 1000) {
    this.drop(code)
  }
  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }
  receive(frame: ChatServerFrame) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }))
  }
  drop(code = 1006) {
    this.readyState = 3
    this.onclose?.(new CloseEvent('close', { code, reason: '' }))
  }
  types() {
    return this.sent.map((frame) => frame.type)
  }
}

const ready: ChatServerFrame = { type: 'ready', user_id: 'u1', username: 'ada' }
const sendFrame = (id: string) => ({
  type: 'send' as const,
  request_id: id,
  conversation_id: 'c1',
  content: 'Hi',
})
const latest = () => FakeSocket.instances.at(-1)!
/** Lets the client's `await getToken()` settle. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe('ChatSocketClient', () => {
  let frames: ChatServerFrame[]
  let states: ConnectionState[]
  let token: string | null
  let refreshes: string[]
  let events: { lost: string[][]; reconnects: number; signedOut: number }
  let client: ChatSocketClient

  beforeEach(() => {
    vi.useFakeTimers()
    FakeSocket.instances = []
    frames = []
    states = []
    token = 'token-1'
    refreshes = ['token-2', 'token-3']
    events = { lost: [], reconnects: 0, signedOut: 0 }
    client = new ChatSocketClient({
      url: 'ws://corral.test/corral/v1/chat',
      getToken: (fresh) => {
        if (fresh) token = refreshes.shift() ?? null
        return Promise.resolve(token)
      },
      onFrame: (frame) => frames.push(frame),
      onStateChange: (state) => states.push(state),
      onConnectionLost: (ids) => events.lost.push(ids),
      onReconnect: () => (events.reconnects += 1),
      onSignedOut: () => (events.signedOut += 1),
      createSocket: (url) => new FakeSocket(url),
      backoff: { initialMs: 1000, maxMs: 8000 },
      random: () => 1,
    })
  })
  afterEach(() => {
    client.close()
    vi.useRealTimers()
  })

  async function connect() {
    client.start()
    latest().open()
    await settle()
    latest().receive(ready)
  }

  it('authenticates first and holds frames until the server is ready', async () => {
    client.start()
    client.send(sendFrame('r1'))
    latest().open()
    await settle()
    expect(latest().sent).toEqual([{ type: 'auth', token: 'token-1' }])
    latest().receive(ready)
    expect(latest().types()).toEqual(['auth', 'send'])
    expect(client.connectionState).toBe('ready')
  })

  it('reconnects with growing delays after drops, re-authenticates, and reports what was lost', async () => {
    await connect()
    client.send(sendFrame('r1'))
    latest().drop()
    expect(events.lost).toEqual([['r1']])
    expect(client.connectionState).toBe('reconnecting')

    await vi.advanceTimersByTimeAsync(999)
    expect(FakeSocket.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeSocket.instances).toHaveLength(2)

    latest().drop() // the server is still down: wait twice as long
    await vi.advanceTimersByTimeAsync(1999)
    expect(FakeSocket.instances).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeSocket.instances).toHaveLength(3)

    latest().open()
    await settle()
    expect(latest().sent).toEqual([{ type: 'auth', token: 'token-1' }])
    latest().receive(ready)
    expect(events.reconnects).toBe(1)
    expect(states).toEqual([
      'connecting',
      'authenticating',
      'ready',
      'reconnecting',
      'authenticating',
      'ready',
    ])
  })

  it('sends and stops requests on the new connection after a reconnect', async () => {
    await connect()
    latest().drop()
    client.send(sendFrame('r2')) // while disconnected: held for the next connection
    await vi.advanceTimersByTimeAsync(1000)
    latest().open()
    await settle()
    latest().receive(ready)
    expect(latest().sent.slice(1)).toEqual([sendFrame('r2')])

    client.send({ type: 'stop', request_id: 'r2' })
    expect(latest().sent.at(-1)).toEqual({ type: 'stop', request_id: 'r2' })
    latest().receive({ type: 'stopped', request_id: 'r2', message: null })
    expect(frames).toEqual([{ type: 'stopped', request_id: 'r2', message: null }])
  })

  it('stops a request that never left the browser without telling the server', async () => {
    client.start()
    client.send(sendFrame('r1'))
    client.send({ type: 'stop', request_id: 'r1' })
    expect(frames).toEqual([{ type: 'stopped', request_id: 'r1', message: null }])
    latest().open()
    await settle()
    latest().receive(ready)
    expect(latest().types()).toEqual(['auth'])
  })

  it('forgets stops for requests of a dropped connection', async () => {
    await connect()
    client.send(sendFrame('r1'))
    latest().drop()
    await vi.advanceTimersByTimeAsync(1000)
    latest().open()
    await settle()
    latest().receive(ready)
    client.send({ type: 'stop', request_id: 'r1' })
    expect(latest().types()).toEqual(['auth'])
  })

  it('retries a refused token once with a fresh one, then signs out', async () => {
    await connect()
    latest().drop(4401)
    latest().open()
    await settle()
    expect(latest().sent).toEqual([{ type: 'auth', token: 'token-2' }])
    latest().drop(4401)
    expect(events.signedOut).toBe(1)
    expect(client.connectionState).toBe('closed')
  })

  it('sends auth again on the open socket after a token refresh', async () => {
    await connect()
    token = 'refreshed'
    await client.reauthenticate()
    expect(latest().sent.at(-1)).toEqual({ type: 'auth', token: 'refreshed' })
    latest().receive(ready)
    expect(events.reconnects).toBe(0)
  })

  it('pings while idle and stops reconnecting once closed', async () => {
    await connect()
    await vi.advanceTimersByTimeAsync(25_000)
    expect(latest().types()).toContain('ping')
    client.close()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.instances).toHaveLength(1)
  })

  it('builds a same-origin socket URL', () => {
    expect(chatSocketUrl({ protocol: 'https:', host: 'ai.example.org' })).toBe(
      'wss://ai.example.org/corral/v1/chat',
    )
    expect(chatSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/corral/v1/chat',
    )
  })
})
