import type { SystemEvent, SystemEventType } from '@corral/contracts'
import { SseParser } from './sse-parser.ts'

/**
 * `connecting`: opening the stream; `live`: events arrive (pages need not poll); `stale`: the stream is
 * down or silent past `staleAfterMs` (pages poll, the shell says so); `paused`: the tab is hidden or
 * nobody is signed in (no connection, no polling).
 */
export type LiveState = 'connecting' | 'live' | 'stale' | 'paused'

export type OpenStream = (request: {
  signal: AbortSignal
  /** The last event id received: the server replays what came after it, or sends a reset. */
  since: string | null
}) => Promise<ReadableStream<Uint8Array>>

export interface LiveConnectionOptions {
  open: OpenStream
  /** The server sends a heartbeat every 15 s: two missed and the stream counts as lost. */
  staleAfterMs?: number
  /** Wait before reconnecting after the n-th failure in a row (n ≥ 1). */
  retryDelayMs?: (failures: number) => number
}

type EventListener = (event: SystemEvent) => void

const defaultRetry = (failures: number) => Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5))

/**
 * The admin panel's one connection to `GET /corral/v1/admin/events` per tab, without React: it opens
 * the stream, parses it, hands events to listeners by type, notices silence, reconnects with backoff
 * and resumes after the last event id, and tells `onReset` listeners when the server could not replay
 * (the pages then refetch everything they show).
 */
export class LiveConnection {
  private current: LiveState = 'connecting'
  private readonly stateListeners = new Set<() => void>()
  private readonly resetListeners = new Set<() => void>()
  private readonly eventListeners = new Set<{ types: ReadonlySet<string> | null; listener: EventListener }>()
  private lastEventId: string | null = null
  private abort: AbortController | undefined
  private watchdog: ReturnType<typeof setTimeout> | undefined
  private retry: ReturnType<typeof setTimeout> | undefined
  private failures = 0
  private running = false
  private readonly staleAfterMs: number
  private readonly retryDelayMs: (failures: number) => number

  constructor(private readonly options: LiveConnectionOptions) {
    this.staleAfterMs = options.staleAfterMs ?? 30_000
    this.retryDelayMs = options.retryDelayMs ?? defaultRetry
  }

  get state(): LiveState {
    return this.current
  }

  readonly onState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener)
    return () => this.resetListeners.delete(listener)
  }

  /** Events of these types (all when null), as they arrive. */
  subscribe(types: readonly SystemEventType[] | null, listener: EventListener): () => void {
    const entry = { types: types ? new Set<string>(types) : null, listener }
    this.eventListeners.add(entry)
    return () => this.eventListeners.delete(entry)
  }

  /** Connects (again), resuming after the last event seen. */
  resume(): void {
    if (this.running) return
    this.running = true
    this.failures = 0
    this.setState('connecting')
    void this.connect()
  }

  /** Closes the connection and stops reconnecting (a hidden tab, a signed-out session, unmount). */
  pause(): void {
    this.running = false
    this.teardown()
    this.setState('paused')
  }

  private async connect(): Promise<void> {
    this.teardown()
    const abort = new AbortController()
    this.abort = abort
    const parser = new SseParser()
    const decoder = new TextDecoder()
    let ended: 'clean' | 'failed' = 'failed'
    try {
      const body = await this.options.open({ signal: abort.signal, since: this.lastEventId })
      this.armWatchdog()
      const reader = body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        this.armWatchdog()
        for (const message of parser.push(decoder.decode(value, { stream: true }))) this.handle(message)
      }
      ended = 'clean'
    } catch {
      // Refused, unreachable, cut off or aborted: handled below.
    }
    if (this.abort !== abort || !this.running) return
    this.lost(ended)
  }

  private handle(message: { id: string | null; event: string; data: string }): void {
    if (message.event === 'ready') {
      this.failures = 0
      this.setState('live')
      return
    }
    if (message.event === 'reset') {
      for (const listener of this.resetListeners) listener()
      return
    }
    if (message.id !== null) this.lastEventId = message.id
    let event: SystemEvent
    try {
      event = JSON.parse(message.data) as SystemEvent
    } catch {
      return
    }
    for (const { types, listener } of this.eventListeners) {
      if (types && !types.has(event.type)) continue
      listener(event)
    }
  }

  /**
   * The stream ended. The server ends it cleanly when the access token expires: reconnect at once and
   * stay live. A failure, or silence, makes the views stale until a reconnect succeeds.
   */
  private lost(how: 'clean' | 'failed'): void {
    this.teardown()
    if (how === 'clean' && this.current === 'live' && this.failures === 0) {
      this.failures = 1
      void this.connect()
      return
    }
    this.failures++
    this.setState('stale')
    this.retry = setTimeout(() => void this.connect(), this.retryDelayMs(this.failures))
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog)
    this.watchdog = setTimeout(() => {
      this.abort?.abort()
      this.lost('failed')
    }, this.staleAfterMs)
  }

  private teardown(): void {
    clearTimeout(this.watchdog)
    clearTimeout(this.retry)
    this.watchdog = undefined
    this.retry = undefined
    const abort = this.abort
    this.abort = undefined
    abort?.abort()
  }

  private setState(next: LiveState): void {
    if (this.current === next) return
    this.current = next
    for (const listener of this.stateListeners) listener()
  }
}
