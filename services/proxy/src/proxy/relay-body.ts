import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { StreamRelay } from '../streams/stream-relay.ts'

export type RelayOutcome = 'complete' | 'client-gone' | 'upstream-failed'

/**
 * Copies an upstream body to the client through a relay, one chunk at a time with backpressure (a
 * slow client slows the upstream read, nothing piles up in memory). If the upstream fails after
 * headers were sent, the relay's error frame ends the stream so clients raise an error.
 */
export async function relayBody(
  source: Readable,
  target: ServerResponse,
  relay: StreamRelay,
  onFirstBytes: () => void,
): Promise<{ outcome: RelayOutcome; error?: string }> {
  let started = false
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const out = relay.push(chunk)
      if (!out || out.length === 0) continue
      if (!started) {
        started = true
        onFirstBytes()
      }
      if (!target.write(out)) await drained(target)
      if (target.destroyed) return { outcome: 'client-gone' }
    }
    const rest = relay.end()
    if (rest && rest.length > 0) target.write(rest)
    target.end()
    return { outcome: 'complete' }
  } catch (error) {
    if (target.destroyed || target.writableEnded) return { outcome: 'client-gone' }
    const message = 'the model backend failed while answering'
    const frame = relay.errorFrame(message)
    if (frame) target.end(frame)
    else target.destroy()
    return { outcome: 'upstream-failed', error: (error as Error).message }
  }
}

function drained(target: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      target.off('drain', done)
      target.off('close', done)
      resolve()
    }
    target.on('drain', done)
    target.on('close', done)
  })
}
