import type { SystemEvent } from '@corral/contracts'

/**
 * Server-Sent Events framing (WHATWG HTML §9.2). An event is serialised once however many admins
 * are subscribed: the frame is cached on the event object itself (weakly, so it goes with the event
 * when the bus's ring buffer drops it).
 */
const frames = new WeakMap<SystemEvent, string>()

export function eventFrame(event: SystemEvent): string {
  let frame = frames.get(event)
  if (frame === undefined) {
    // JSON.stringify escapes every line break, so the data is one `data:` line.
    frame = `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
    frames.set(event, frame)
  }
  return frame
}

/** `ready` and `reset`: control messages without an id, so they never move the client's Last-Event-ID. */
export function controlFrame(name: 'ready' | 'reset', lastSeq: number): string {
  return `event: ${name}\ndata: {"last_seq":${lastSeq}}\n\n`
}

/** A comment line: ignored by SSE parsers, it keeps proxies from timing the connection out. */
export const heartbeatFrame = ': heartbeat\n\n'

/** How long a client waits before reconnecting after the connection drops (the `retry` field). */
export const retryFrame = (ms: number) => `retry: ${ms}\n\n`
