import type { Dispatcher } from 'undici'
import type { CorralMetrics, Identity } from '@corral/core'
import { Errors, isModelAllowed, normalizeModelName } from '@corral/core'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { RequestEvents } from '../events/request-events.ts'
import type { UsageRecorder } from '../usage/usage-recorder.ts'
import type { BodyHold } from './body-budget.ts'
import type { InferenceQueue, QueueJob, Slot } from './inference-queue.ts'
import { InferenceRun } from './inference-run.ts'
import { cancelledByOperator, operatorCancelError } from './operator-cancel.ts'
import type { RunningRequests } from './running-requests.ts'
import { dispatchUpstream, type Dispatched, type UpstreamRequest } from './upstream-dispatch.ts'

export interface InferenceStart {
  requestId: string
  identity: Identity
  /** The model as the client named it. */
  model: string
  endpoint: string
  source: 'api' | 'chat'
  arrivedAt: number
  request: UpstreamRequest
  signal: AbortSignal
  onWaiting?: QueueJob['onWaiting']
  /** Out of the queue (the backend may still take minutes to load the model). */
  onDequeued?: (queueWaitMs: number) => void
  /** The body's share of the body memory: given back once the request leaves the queue. */
  hold?: BodyHold
}

export interface StartedRun {
  run: InferenceRun
  /** The backend's answer: its status and headers, and the body to relay. */
  response: Dispatcher.ResponseData
}

/** A rough prompt size for the fair-share charge at dispatch; reconciled with Ollama's real count. */
export function estimatePromptTokens(bodyBytes: number): number {
  return Math.min(32_768, Math.max(1, Math.ceil(bodyBytes / 4)))
}

/**
 * The way every generation starts, for API clients and the chat app alike: the model must be allowed,
 * the request waits for a slot (limits first), goes to the backend the scheduler chose (back in the
 * queue if that backend refuses), and becomes a run that accounts for everything that follows.
 */
export class InferenceStarter {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly queue: InferenceQueue,
    private readonly recorder: UsageRecorder,
    private readonly metrics: CorralMetrics,
    private readonly events: RequestEvents,
    private readonly running: RunningRequests,
  ) {}

  async start(spec: InferenceStart): Promise<StartedRun> {
    const model = normalizeModelName(spec.model)
    const estimatedPromptTokens = estimatePromptTokens(spec.request.body?.length ?? 0)
    let slot: Slot
    try {
      if (!isModelAllowed(model, spec.identity.modelAllowlist)) {
        this.metrics.refused('model-not-allowed')
        this.events.refused(
          { requestId: spec.requestId, identity: spec.identity, model },
          'model-not-allowed',
          403,
        )
        throw new Errors.modelNotAllowed(`You may not use the model "${spec.model}"`)
      }
      slot = await this.queue.acquire({
        requestId: spec.requestId,
        identity: spec.identity,
        model,
        estimatedPromptTokens,
        signal: spec.signal,
        onWaiting: spec.onWaiting,
      })
    } finally {
      spec.hold?.release()
    }
    spec.onDequeued?.(slot.lease.queueWaitMs)
    const run = new InferenceRun(
      {
        requestId: spec.requestId,
        identity: spec.identity,
        model,
        endpoint: spec.endpoint,
        source: spec.source,
        arrivedAt: spec.arrivedAt,
        estimatedPromptTokens,
      },
      slot,
      this.recorder,
      this.metrics,
      this.events,
    )
    this.running.add(run)
    run.onEnd = () => this.running.delete(run)
    // The client leaving or an operator's cancel: either aborts the upstream request.
    const signal = AbortSignal.any([spec.signal, run.upstreamAbort.signal])
    let dispatched: Dispatched
    try {
      dispatched = await dispatchUpstream(slot, this.registry, spec.request, signal, (next) =>
        run.redispatched(next),
      )
    } catch (error) {
      // Refused and back in the queue, the request then timed out there or its client left.
      const left = spec.signal.aborted
      const status = left ? 499 : ((error as { statusCode?: number }).statusCode ?? 503)
      run.end({ status, error: left ? undefined : (error as Error).message, upstreamFinished: true })
      throw error
    }
    if (!dispatched.ok && run.cancelled && !spec.signal.aborted) {
      run.end({ status: 503, error: cancelledByOperator, upstreamFinished: false }, dispatched.backend)
      throw operatorCancelError()
    }
    if (!dispatched.ok) {
      const left = dispatched.status === 499
      run.end(
        { status: dispatched.status, error: left ? undefined : dispatched.reason, upstreamFinished: false },
        dispatched.backend,
      )
      throw dispatched.error
    }
    run.answered(dispatched.backend, dispatched.response.statusCode, dispatched.response.body)
    return { run, response: dispatched.response }
  }
}
