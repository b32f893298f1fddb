import type { SystemEvent, SystemEventInput, SystemEventType } from '@corral/contracts'

export type EventListener = (event: SystemEvent) => void

export interface SubscribeOptions {
  /** Only these types; all when omitted. */
  types?: ReadonlySet<SystemEventType>
}

/** What `since` answers: the events after a sequence number, or that some are gone from the buffer. */
export type Replay = { complete: true; events: SystemEvent[] } | { complete: false; events: SystemEvent[] }

/**
 * The observer: one in-process stream of system events (docs/monitoring.md). Publishers call `publish`
 * on the request path, so it does as little as it can: stamp the event, keep it in a ring buffer for
 * reconnecting subscribers, and call the listeners synchronously. Listeners must be quick and must not
 * block (the SSE route batches into a buffer it flushes on a timer, alert rules count in memory and
 * deliver webhooks in the background); one that throws is reported to `onListenerError` and the others
 * still run, so a faulty subscriber can never fail a request.
 */
export class EventBus {
  private seq = 0
  private lastStampMs = NaN
  private lastStamp = ''
  private readonly ring: (SystemEvent | undefined)[]
  private readonly listeners = new Set<{ listener: EventListener; types?: ReadonlySet<SystemEventType> }>()

  constructor(
    private readonly options: {
      /** Events kept for subscribers that reconnect (default 2,000). */
      bufferSize?: number
      onListenerError?: (error: unknown, event: SystemEvent) => void
      now?: () => number
    } = {},
  ) {
    this.ring = new Array<SystemEvent | undefined>(options.bufferSize ?? 2000)
  }

  /** The sequence number of the last event published (0 before the first). */
  get lastSeq(): number {
    return this.seq
  }

  get subscriberCount(): number {
    return this.listeners.size
  }

  /**
   * Stamps and delivers an event. The bus takes the object over (publishers pass a fresh literal) and
   * stamps it in place: spreading it into a copy cost ~5 µs an event on Node 20, a hundred times more
   * than setting two properties, and the proxy publishes three events per request.
   */
  publish(input: SystemEventInput): SystemEvent {
    this.seq += 1
    const event = input as SystemEvent
    event.seq = this.seq
    event.at = input.at ?? this.stamp()
    this.ring[this.seq % this.ring.length] = event
    for (const entry of this.listeners) {
      if (entry.types && !entry.types.has(event.type)) continue
      try {
        entry.listener(event)
      } catch (error) {
        this.options.onListenerError?.(error, event)
      }
    }
    return event
  }

  /** Now as an ISO string, formatted once per millisecond (a busy proxy publishes many in one). */
  private stamp(): string {
    const ms = this.options.now?.() ?? Date.now()
    if (ms !== this.lastStampMs) {
      this.lastStampMs = ms
      this.lastStamp = new Date(ms).toISOString()
    }
    return this.lastStamp
  }

  subscribe(listener: EventListener, options: SubscribeOptions = {}): () => void {
    const entry = { listener, types: options.types }
    this.listeners.add(entry)
    return () => {
      this.listeners.delete(entry)
    }
  }

  /** The buffered events with a sequence number above `seq`, oldest first. */
  since(seq: number, options: SubscribeOptions = {}): Replay {
    const oldestKept = Math.max(1, this.seq - this.ring.length + 1)
    const events: SystemEvent[] = []
    for (let next = Math.max(seq + 1, oldestKept); next <= this.seq; next++) {
      const event = this.ring[next % this.ring.length]
      if (event && (!options.types || options.types.has(event.type))) events.push(event)
    }
    return { complete: seq + 1 >= oldestKept || seq >= this.seq, events }
  }
}
