import type { ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import { backendFailedWhileAnswering } from '../streams/stream-errors.ts'
import type { StreamRelay } from '../streams/stream-relay.ts'
import { isOperatorCancel } from './operator-cancel.ts'

export type RelayOutcome = 'complete' | 'client-gone' | 'upstream-failed'

/**
 * Copies an upstream body to the client through a relay, chunk by chunk with backpressure: a slow
 * client pauses the upstream read, nothing piles up in memory. If the upstream fails after headers
 * were sent, or sends what the relay cannot pass on (a line over the cap), the relay's error frame
 * ends the stream so clients raise an error, and the upstream request is aborted. Events rather than
 * async iteration: one chunk costs no promise, which matters at hundreds of streams.
 */
export function relayBody(
  source: Readable,
  target: ServerResponse,
  relay: StreamRelay,
): Promise<{ outcome: RelayOutcome; error?: string }> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (outcome: RelayOutcome, error?: string) => {
      if (settled) return
      settled = true
      source.off('data', onData)
      target.off('close', onClientClose)
      target.off('drain', onDrain)
      resolve(error === undefined ? { outcome } : { outcome, error })
    }
    /** The client gets `message`; the usage record keeps `cause`. */
    const fail = (message: string, cause = message) => {
      if (target.destroyed || target.writableEnded) return settle('client-gone')
      const frame = relay.errorFrame(message)
      if (frame) target.end(frame)
      else target.destroy()
      settle('upstream-failed', cause)
    }
    const onDrain = () => source.resume()
    const onClientClose = () => {
      if (target.writableFinished) return
      source.destroy()
      settle('client-gone')
    }
    const onData = (chunk: Buffer) => {
      let out: Buffer | undefined
      try {
        out = relay.push(chunk)
      } catch (error) {
        source.destroy()
        return fail((error as Error).message)
      }
      if (!out || out.length === 0) return
      if (!target.write(out)) {
        source.pause()
        target.once('drain', onDrain)
      }
    }
    source.on('data', onData)
    source.once('end', () => {
      if (settled) return
      const rest = relay.end()
      if (rest && rest.length > 0) target.write(rest)
      target.end()
      settle('complete')
    })
    source.once('error', (error: Error) => {
      // An operator's cancel is said as such; any other failure is the backend's.
      if (!settled) fail(isOperatorCancel(error) ? error.message : backendFailedWhileAnswering, error.message)
    })
    target.on('close', onClientClose)
  })
}
