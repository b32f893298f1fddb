import type { SystemEvent } from '@corral/contracts'

/**
 * Server-Sent Events framing (WHATWG HTML §9.2). An event is serialised once however many admins are
 * subscribed: the frame is kept on the event itself under a symbol, which JSON and `Object.keys`
 * ignore. (A WeakMap did the same at twice the cost: its entries are expensive for the garbage
 * collector at thousands of events a second.)
 */
const frameKey = Symbol('sse frame')
type Framed = SystemEvent & { [frameKey]?: string }

export function eventFrame(event: SystemEvent): string {
  const framed = event as Framed
  let frame = framed[frameKey]
  if (frame === undefined) {
    // JSON.stringify escapes every line break, so the data is one `data:` line.
    frame = `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
    framed[frameKey] = frame
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
