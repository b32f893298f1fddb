import type { ServerResponse } from 'node:http'
import type { Dispatcher } from 'undici'
import type { CorralConfig } from '@corral/core'
import { KeepAlive, late } from '../streams/keep-alive.ts'
import { keepAliveFrames } from '../streams/keep-alive-frames.ts'
import { JsonBodyRelay } from '../streams/json-body-relay.ts'
import { NdjsonRelay } from '../streams/ndjson-relay.ts'
import { SseRelay } from '../streams/sse-relay.ts'
import type { StreamRelay } from '../streams/stream-relay.ts'
import { parseJsonBody, readBody } from './client-body.ts'
import type { Endpoint } from './endpoints.ts'
import type { InferenceRun } from './inference-run.ts'
import type { InferenceStarter, StartedRun } from './inference-starter.ts'
import { keepAliveFraming } from './keep-alive-policy.ts'
import { keptAliveAnswer } from './kept-alive-answer.ts'
import type { ProxyCall, ProxyResult } from './proxy-call.ts'
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy-headers.ts'
import { relayBody } from './relay-body.ts'
import { upstreamPath } from './request-path.ts'
import { screenServerError } from './upstream-errors.ts'

/**
 * Generation and embedding requests: checked (model allowed), queued for a slot, sent to the backend
 * the scheduler picked, and streamed back to the client while usage is counted. One still waiting
 * when its first keep-alive is due (CORRAL_KEEPALIVE) gets its 200 then, and keep-alives until the
 * backend answers (kept-alive-answer.ts).
 */
export class InferenceHandler {
  constructor(
    private readonly starter: InferenceStarter,
    private readonly keepAlive: CorralConfig['keepAlive'],
  ) {}

  async open(
    call: ProxyCall,
    endpoint: Endpoint,
    passthrough: (call: ProxyCall, body: Buffer) => Promise<ProxyResult>,
  ): Promise<ProxyResult> {
    const { model, body, stripUsage, stream } = prepare(await readBody(call.body, call.hold), endpoint)
    // Without a model there is nothing to queue for: the backend answers its own error at once.
    if (!model) return passthrough(call, body)
    const started = this.starter.start({
      requestId: call.requestId,
      identity: call.identity,
      model,
      endpoint: endpoint.name,
      source: 'api',
      arrivedAt: call.arrivedAt,
      request: {
        method: call.method,
        path: upstreamPath(call.path) + call.search,
        headers: upstreamRequestHeaders(call.headers),
        body,
      },
      signal: call.signal,
      // The body stays counted while it waits, even after the answer's headers went out.
      hold: call.hold?.handOver(),
    })
    const framing = keepAliveFraming(this.keepAlive.mode, endpoint.name, stream, call.headers)
    if (!framing) return this.answer(call, await started, stripUsage)
    const waiting = new KeepAlive(started, this.keepAlive.intervalMs)
    const inTime = await waiting.inTime()
    if (inTime !== late) return this.answer(call, inTime, stripUsage)
    return keptAliveAnswer(call, waiting, keepAliveFrames(framing, model, call.path), (answer, target) =>
      this.relayStarted(call, answer, stripUsage, target),
    )
  }

  /** The backend answered before any keep-alive: its status and headers go out as they are. */
  private async answer(call: ProxyCall, started: StartedRun, stripUsage: boolean): Promise<ProxyResult> {
    const { run, response } = started
    const timing = {
      'x-corral-request-id': call.requestId,
      'x-corral-queue-wait-ms': String(Math.round(run.queueWaitMs)),
      'server-timing': `queue;dur=${run.queueWaitMs.toFixed(1)}`,
    }
    if (response.statusCode >= 500) {
      const screened = await screenServerError(response, call.path)
      run.end({ status: screened.status, error: screened.message, upstreamFinished: screened.complete })
      return {
        kind: 'json',
        status: screened.status,
        body: screened.body,
        headers: { ...screened.headers, ...timing },
      }
    }
    const relay = relayFor(response, run, stripUsage)
    const headers = clientResponseHeaders(response.headers, !(relay instanceof JsonBodyRelay))
    Object.assign(headers, timing)
    headers['x-accel-buffering'] = 'no'
    return {
      kind: 'stream',
      status: response.statusCode,
      headers,
      pipeTo: (target) => this.relay(run, response, relay, target, call.signal),
    }
  }

  private relayStarted(
    call: ProxyCall,
    { run, response }: StartedRun,
    stripUsage: boolean,
    target: ServerResponse,
  ): Promise<void> {
    return this.relay(run, response, relayFor(response, run, stripUsage), target, call.signal)
  }

  private async relay(
    run: InferenceRun,
    response: Dispatcher.ResponseData,
    relay: StreamRelay,
    target: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> {
    const result = await relayBody(response.body, target, relay)
    const clientGone = result.outcome === 'client-gone' || signal.aborted
    // A client that leaves is its own choice, not an error (DESIGN: 499).
    run.end({
      status: clientGone ? 499 : response.statusCode,
      error: clientGone ? undefined : result.error,
      upstreamFinished: result.outcome === 'complete',
    })
  }
}

/**
 * What a queued request keeps while it waits: the model and the bytes to send. The parsed body (as
 * large as the bytes) is not kept, so a waiting request holds its body once, as the budget counts.
 */
function prepare(
  bytes: Buffer,
  endpoint: Endpoint,
): { model: string | undefined; body: Buffer; stripUsage: boolean; stream: unknown } {
  const { json, model } = parseJsonBody(bytes)
  const stream = json.stream
  if (!model || !endpoint.injectUsage) return { model, body: bytes, stripUsage: false, stream }
  return { model, ...withUsageRequested(json, bytes), stream }
}

function relayFor(response: Dispatcher.ResponseData, run: InferenceRun, stripUsage: boolean): StreamRelay {
  const contentType = String(response.headers['content-type'] ?? '')
  const status = response.statusCode
  if (contentType.startsWith('application/x-ndjson')) return new NdjsonRelay(run, { requireDone: true })
  if (contentType.startsWith('text/event-stream')) return new SseRelay(run, { stripUsage })
  return new JsonBodyRelay(run, status)
}

/**
 * OpenAI streams only report usage when asked (`stream_options.include_usage`). Corral asks on the
 * client's behalf and, if the client had not asked, removes the usage chunk again on the way back.
 * The member is appended to the client's bytes rather than the body re-serialized: re-encoding a
 * large prompt costs time, and a deeply nested one (100,000 levels) would overflow the stack. A
 * repeated key is decoded last-wins by Go's encoding/json (merged into the same struct) and by
 * JavaScript, so `{"include_usage": true}` wins whatever the client's `stream_options` said.
 */
function withUsageRequested(
  json: Record<string, unknown>,
  bytes: Buffer,
): { body: Buffer; stripUsage: boolean } {
  const options = json.stream_options as { include_usage?: unknown } | null | undefined
  if (json.stream !== true || options?.include_usage === true) return { body: bytes, stripUsage: false }
  const end = bytes.lastIndexOf('}')
  return {
    body: Buffer.concat([bytes.subarray(0, end), injectedUsageOption, bytes.subarray(end)]),
    stripUsage: true,
  }
}

const injectedUsageOption = Buffer.from(',"stream_options":{"include_usage":true}')
