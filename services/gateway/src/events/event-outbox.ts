import type { SystemEvent } from '@corral/contracts'
import { eventFrame } from './sse-frames.ts'

/** Where the outbox writes: the HTTP response, as far as the outbox needs to know it. */
export interface OutboxSink {
  write(chunk: string): void
  /** Bytes handed to the sink the network has not taken yet (`writableLength`). */
  readonly backlog: number
}

export interface OutboxLimits {
  /** Events are written together at most this long after the first of them arrived. */
  flushIntervalMs: number
  /** Events waiting for the next flush; past it the subscriber is cut off. */
  maxPendingEvents: number
  /** Bytes written that the client has not read yet; past it at a flush, the subscriber is cut off. */
  maxBacklogBytes: number
}

export const defaultOutboxLimits: OutboxLimits = {
  flushIntervalMs: 100,
  maxPendingEvents: 10_000,
  maxBacklogBytes: 4 * 1024 * 1024,
}

export type OverflowReason = 'too-many-pending' | 'client-too-slow'

/**
 * One subscriber's buffer between the event bus and its connection. `push` runs inside
 * `EventBus.publish`, on the request path, so it only appends the event to an array; serialising and
 * writing happen in one batch on a timer (with 1,200 requests moving, hundreds of events a second
 * become a few writes a second). A client that cannot keep up is cut off (`onOverflow`) instead of
 * making the process hold ever more for it: it reconnects with Last-Event-ID and resumes from the
 * bus's buffer, or gets a reset.
 */
export class EventOutbox {
  private pending: SystemEvent[] = []
  private timer: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    private readonly sink: OutboxSink,
    private readonly onOverflow: (reason: OverflowReason) => void,
    private readonly limits: OutboxLimits = defaultOutboxLimits,
  ) {}

  push(event: SystemEvent): void {
    if (this.closed) return
    if (this.pending.length >= this.limits.maxPendingEvents) return this.overflow('too-many-pending')
    this.pending.push(event)
    this.timer ??= setTimeout(this.flush, this.limits.flushIntervalMs)
  }

  /** Writes a frame of its own (a heartbeat, a control message) after what is pending. */
  send(frame: string): void {
    if (this.closed) return
    this.flush()
    if (!this.closed) this.sink.write(frame)
  }

  readonly flush = (): void => {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.closed || this.pending.length === 0) return
    if (this.sink.backlog > this.limits.maxBacklogBytes) return this.overflow('client-too-slow')
    const batch = this.pending
    this.pending = []
    let text = ''
    for (const event of batch) text += eventFrame(event)
    this.sink.write(text)
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending = []
  }

  private overflow(reason: OverflowReason): void {
    this.close()
    this.onOverflow(reason)
  }
}
