import type { ChatClientFrame, ChatServerFrame, chatCloseCodes } from '@corral/contracts'

export type ConnectionState = 'idle' | 'connecting' | 'authenticating' | 'ready' | 'reconnecting' | 'closed'

/** The part of the browser's WebSocket this client uses, so tests can inject a fake one. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
}

export type OutgoingFrame = Exclude<ChatClientFrame, { type: 'auth' } | { type: 'ping' }>

export interface ChatSocketOptions {
  url: string
  /** The access token; `fresh` asks for a newly refreshed one after the server refused the last. */
  getToken(fresh: boolean): Promise<string | null>
  onFrame(frame: ChatServerFrame): void
  onStateChange?(state: ConnectionState): void
  /** Requests that were running when the connection dropped; the server stops and stores them. */
  onConnectionLost?(requestIds: string[]): void
  /** Ready again after a drop: reload what the server stored meanwhile. */
  onReconnect?(): void
  onSignedOut?(): void
  createSocket?: (url: string) => WebSocketLike
  backoff?: { initialMs: number; maxMs: number }
  random?: () => number
  pingIntervalMs?: number
}

const open = 1
const unauthenticated: (typeof chatCloseCodes)['unauthenticated'] = 4401
const forbidden: (typeof chatCloseCodes)['forbidden'] = 4403
const terminal = new Set(['done', 'stopped', 'error'])

/** `ws://` or `wss://` to this origin's chat socket: the app and the API share one origin. */
export const chatSocketUrl = (location: Pick<Location, 'protocol' | 'host'>) =>
  `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/corral/v1/chat`

/**
 * The chat WebSocket with everything a flaky network needs: the `auth` frame first (browsers cannot
 * set headers on a WebSocket), frames held until `ready`, reconnection with jittered exponential
 * backoff, re-authentication with a fresh token, and keepalive pings so idle proxies keep it open.
 */
export class ChatSocketClient {
  private socket: WebSocketLike | null = null
  private state: ConnectionState = 'idle'
  private attempts = 0
  private authRejections = 0
  private wasReady = false
  private stopped = false
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  private pingTimer: ReturnType<typeof setInterval> | undefined
  private outbox: OutgoingFrame[] = []
  private readonly inFlight = new Set<string>()

  constructor(private readonly options: ChatSocketOptions) {}

  get connectionState(): ConnectionState {
    return this.state
  }

  start(): void {
    this.stopped = false
    if (!this.socket) this.connect(false)
  }

  close(): void {
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    this.socket?.close(1000, 'signed out')
    this.socket = null
    this.outbox = []
    this.setState('closed')
  }

  send(frame: OutgoingFrame): void {
    if (frame.type === 'stop') return this.stop(frame.request_id)
    if (this.state === 'ready' && this.socket) {
      this.inFlight.add(frame.request_id)
      this.socket.send(JSON.stringify(frame))
    } else {
      this.outbox.push(frame)
    }
  }

  /** After a token refresh: a later `auth` frame replaces the identity used for new answers. */
  async reauthenticate(): Promise<void> {
    const socket = this.socket
    if (this.state !== 'ready' || !socket) return
    const token = await this.options.getToken(false)
    if (token && socket === this.socket && socket.readyState === open)
      socket.send(JSON.stringify({ type: 'auth', token }))
  }

  /** Stops a request wherever it is: never sent (dropped here), or queued or streaming on the server. */
  private stop(requestId: string): void {
    const waiting = this.outbox.findIndex((frame) => frame.request_id === requestId)
    if (waiting >= 0) {
      this.outbox.splice(waiting, 1)
      this.options.onFrame({ type: 'stopped', request_id: requestId, message: null })
    } else if (this.inFlight.has(requestId) && this.socket?.readyState === open) {
      this.socket.send(JSON.stringify({ type: 'stop', request_id: requestId }))
    }
  }

  private connect(freshToken: boolean): void {
    this.setState(this.wasReady || this.attempts > 0 ? 'reconnecting' : 'connecting')
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url)
    this.socket = socket
    socket.onopen = () => void this.authenticate(socket, freshToken)
    socket.onmessage = (event) => this.receive(event.data)
    socket.onclose = (event) => this.closed(socket, event.code)
    socket.onerror = () => {} // a close event always follows
  }

  private async authenticate(socket: WebSocketLike, fresh: boolean): Promise<void> {
    this.setState('authenticating')
    let token: string | null
    try {
      token = await this.options.getToken(fresh)
    } catch {
      // The server could not be reached for a token: closing schedules another attempt.
      if (socket === this.socket) socket.close(1000, 'no token')
      return
    }
    if (socket !== this.socket) return
    if (!token) return this.signedOut()
    socket.send(JSON.stringify({ type: 'auth', token }))
  }

  private receive(data: unknown): void {
    let frame: ChatServerFrame
    try {
      frame = JSON.parse(String(data)) as ChatServerFrame
    } catch {
      return
    }
    if (frame.type === 'pong') return
    if (frame.type === 'ready') return this.ready()
    if ('request_id' in frame && frame.request_id && terminal.has(frame.type))
      this.inFlight.delete(frame.request_id)
    this.options.onFrame(frame)
  }

  private ready(): void {
    if (this.state === 'ready') return // the answer to a re-authentication
    const reconnected = this.wasReady
    this.wasReady = true
    this.attempts = 0
    this.authRejections = 0
    this.setState('ready')
    const pending = this.outbox
    this.outbox = []
    for (const frame of pending) this.send(frame)
    clearInterval(this.pingTimer)
    this.pingTimer = setInterval(
      () => this.socket?.send(JSON.stringify({ type: 'ping' })),
      this.options.pingIntervalMs ?? 25_000,
    )
    if (reconnected) this.options.onReconnect?.()
  }

  private closed(socket: WebSocketLike, code: number): void {
    if (socket !== this.socket) return
    this.socket = null
    clearInterval(this.pingTimer)
    if (this.inFlight.size > 0) {
      const lost = [...this.inFlight]
      this.inFlight.clear()
      this.options.onConnectionLost?.(lost)
    }
    if (this.stopped) return this.setState('closed')
    if (code === forbidden) return this.setState('closed')
    if (code === unauthenticated) {
      // The token expired or was revoked: try once more with a fresh one, then give up.
      this.authRejections += 1
      if (this.authRejections > 1) return this.signedOut()
      return this.connect(true)
    }
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 15_000 }
    const delay =
      Math.min(maxMs, initialMs * 2 ** this.attempts) * (0.5 + (this.options.random ?? Math.random)() / 2)
    this.attempts += 1
    this.setState('reconnecting')
    this.reconnectTimer = setTimeout(() => this.connect(false), delay)
  }

  private signedOut(): void {
    this.close()
    this.options.onSignedOut?.()
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return
    this.state = state
    this.options.onStateChange?.(state)
  }
}
