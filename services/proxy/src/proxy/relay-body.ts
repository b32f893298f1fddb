import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { StreamRelay } from '../streams/stream-relay.ts'

export type RelayOutcome = 'complete' | 'client-gone' | 'upstream-failed'

/**
 * Copies an upstream body to the client through a relay, chunk by chunk with backpressure: a slow
 * client pauses the upstream read, nothing piles up in memory. If the upstream fails after headers
 * were sent, the relay's error frame ends the stream so clients raise an error. Events rather than
 * async iteration: one chunk costs no promise, which matters at hundreds of streams.
 */
export function relayBody(
  source: Readable,
  target: ServerResponse,
  relay: StreamRelay,
  onFirstBytes: () => void,
): Promise<{ outcome: RelayOutcome; error?: string }> {
  return new Promise((resolve) => {
    let started = false
    let settled = false
    const settle = (outcome: RelayOutcome, error?: string) => {
      if (settled) return
      settled = true
      target.off('close', onClientClose)
      target.off('drain', onDrain)
      resolve(error === undefined ? { outcome } : { outcome, error })
    }
    const onDrain = () => source.resume()
    const onClientClose = () => {
      if (target.writableFinished) return
      source.destroy()
      settle('client-gone')
    }
    source.on('data', (chunk: Buffer) => {
      const out = relay.push(chunk)
      if (!out || out.length === 0) return
      if (!started) {
        started = true
        onFirstBytes()
      }
      if (!target.write(out)) {
        source.pause()
        target.once('drain', onDrain)
      }
    })
    source.once('end', () => {
      const rest = relay.end()
      if (rest && rest.length > 0) target.write(rest)
      target.end()
      settle('complete')
    })
    source.once('error', (error: Error) => {
      if (target.destroyed || target.writableEnded) return settle('client-gone')
      const frame = relay.errorFrame('the model backend failed while answering')
      if (frame) target.end(frame)
      else target.destroy()
      settle('upstream-failed', error.message)
    })
    target.on('close', onClientClose)
  })
}
