import type { ServerResponse } from 'node:http'
import { clientErrorOf, routeFamily } from '@corral/core'
import type { KeepAlive } from '../streams/keep-alive.ts'
import type { KeepAliveFrames } from '../streams/keep-alive-frames.ts'
import type { StartedRun } from './inference-starter.ts'
import type { ProxyCall, ProxyResult } from './proxy-call.ts'
import { errorBodyMessage, screenServerError } from './upstream-errors.ts'

/**
 * The answer to a request still waiting (queue, model load) when its first keep-alive was due: 200
 * and keep-alives at once, then the backend's body through `relayAnswer`, or, since the status is out,
 * the failure as the stream's last frame (clients raise it). Timing headers (`X-Corral-Queue-Wait-Ms`)
 * are not known yet and are left out; the request id is there.
 */
export function keptAliveAnswer(
  call: ProxyCall,
  waiting: KeepAlive<StartedRun>,
  frames: KeepAliveFrames,
  relayAnswer: (started: StartedRun, target: ServerResponse) => Promise<void>,
): ProxyResult {
  return {
    kind: 'stream',
    status: 200,
    headers: {
      'content-type': frames.contentType,
      'x-corral-request-id': call.requestId,
      'x-accel-buffering': 'no',
    },
    pipeTo: async (target) => {
      const write = (frame: string) => {
        if (!target.destroyed && !target.writableEnded) target.write(frame)
      }
      const outcome = await waiting.bridge(write, frames.beat)
      // Refused by the queue or by every backend: the starter recorded it (499 if the client left).
      if (outcome.status === 'rejected') {
        const { status, message } = clientErrorOf(outcome.reason, routeFamily(call.path))
        return end(target, frames.error(status, message))
      }
      const { run, response } = outcome.value
      if (response.statusCode < 400) return relayAnswer(outcome.value, target)
      // A refusal (404 for an unknown model, a 5xx): recorded with the backend's status, as it would
      // have been had it come in time; the client reads the message (screened like any 5xx body).
      const screened = await screenServerError(response, call.path)
      run.end({ status: screened.status, error: screened.message, upstreamFinished: screened.complete })
      end(target, frames.error(screened.status, errorBodyMessage(screened.body) ?? screened.message))
    },
  }
}

function end(target: ServerResponse, frame: string): void {
  if (!target.destroyed && !target.writableEnded) target.end(frame)
}
