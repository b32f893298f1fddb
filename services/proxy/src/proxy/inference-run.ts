import type { Readable } from 'node:stream'
import type { CorralMetrics, Identity } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { RequestEvents } from '../events/request-events.ts'
import type { StreamObserver, TokenUsage } from '../streams/token-usage.ts'
import type { UsageRecorder } from '../usage/usage-recorder.ts'
import { OperatorCancel, operatorCancelError } from './operator-cancel.ts'
import type { Slot } from './inference-queue.ts'

export interface RunContext {
  requestId: string
  identity: Identity
  model: string
  endpoint: string
  source: 'api' | 'chat'
  /** `performance.now()` when the request reached Corral. */
  arrivedAt: number
  estimatedPromptTokens: number
}

export interface RunEnd {
  /**
   * The status the client got; 499 (nginx's "client closed request") when it left or stopped the
   * answer, which is the client's choice and not an error.
   */
  status: number
  error?: string
  /**
   * False when the upstream request was cut (the client left, the backend failed or timed out): the
   * slot is then handed back once its connection has closed, so the backend never sees one request
   * more than its slots. True when the backend finished its answer.
   */
  upstreamFinished: boolean
}

const nothing: TokenUsage = { promptTokens: 0, outputTokens: 0 }

/** How far a running answer has come, for the queue board. */
export interface RunProgress {
  timeToFirstTokenMs: number | null
  outputTokens: number
  tokensPerSecond: number | null
}

/**
 * One inference request from dispatch to the end of its answer: it observes the stream (tokens,
 * time to first token, upstream errors), charges the user's fair-share counter as tokens flow, and
 * on `end` settles the lease, the limits, the metrics and the usage record, exactly once.
 *
 * What it charges (records, quotas and fair share alike): Ollama's counts when it reported them; 0
 * when the backend refused (an error status) or failed before answering; when an answer was cut short
 * (the client left, even before the first byte, or the stream broke) the backend did evaluate the
 * prompt, so its estimate is charged with the output seen so far.
 */
export class InferenceRun implements StreamObserver {
  private dispatchedAt = performance.now()
  private backend: Backend | undefined
  private responseStatus: number | undefined
  private firstTokenAt: number | undefined
  private outputUnits = 0
  private usage: TokenUsage | undefined
  private streamError: string | undefined
  private ended = false
  private requeues = 0
  private readonly backendsTried: string[]
  private body: Readable | undefined
  /** Aborts the upstream request before its answer starts; the body is destroyed after that. */
  readonly upstreamAbort = new AbortController()
  /** Called once when the run ends (the running-requests registry forgets it). */
  onEnd: (() => void) | undefined

  constructor(
    readonly context: RunContext,
    private slot: Slot,
    private readonly recorder: UsageRecorder,
    private readonly metrics: CorralMetrics,
    private readonly events: RequestEvents,
  ) {
    this.backendsTried = [slot.lease.backendId]
  }

  get queueWaitMs(): number {
    return this.slot.lease.queueWaitMs
  }

  /** The backend refused and the request went to another slot: time to first token restarts there. */
  redispatched(slot: Slot): void {
    this.slot = slot
    this.requeues++
    this.backendsTried.push(slot.lease.backendId)
    this.dispatchedAt = performance.now()
  }

  /** The backend sent its status and headers. */
  answered(backend: Backend, status: number, body?: Readable): void {
    this.backend = backend
    this.responseStatus = status
    this.body = body
  }

  get cancelled(): boolean {
    return this.upstreamAbort.signal.aborted
  }

  /**
   * An operator's cancel: the upstream request is aborted (before the answer, through its signal; after,
   * by destroying the body, which the relays end with an error frame). The slot frees once the
   * connection has closed, as for any aborted request.
   */
  cancel(): void {
    if (this.ended || this.cancelled) return
    // The body first: its error is the one the relay reports.
    this.body?.destroy(new OperatorCancel())
    this.upstreamAbort.abort(operatorCancelError())
  }

  progress(now = performance.now()): RunProgress {
    const first = this.firstTokenAt
    if (first === undefined)
      return { timeToFirstTokenMs: null, outputTokens: this.outputUnits, tokensPerSecond: null }
    const streamingMs = now - first
    return {
      timeToFirstTokenMs: Math.round(first - this.context.arrivedAt),
      outputTokens: this.outputUnits,
      tokensPerSecond: streamingMs > 0 ? Math.round((this.outputUnits / streamingMs) * 10_000) / 10 : null,
    }
  }

  onOutput(): void {
    this.outputUnits++
    this.slot.lease.chargeOutput(1)
  }

  onFirstToken(afterDispatchMs?: number): void {
    this.firstTokenAt ??=
      afterDispatchMs === undefined ? performance.now() : this.dispatchedAt + afterDispatchMs
  }

  onUsage(usage: TokenUsage): void {
    this.usage = usage
  }

  onStreamError(message: string): void {
    this.streamError ??= message
  }

  /** Settles the request once; returns the token counts it was accounted with. */
  end(result: RunEnd, backend = this.backend): TokenUsage {
    if (this.ended) return this.accounted(result.status)
    this.ended = true
    this.onEnd?.()
    const now = performance.now()
    const usage = this.accounted(result.status)
    const upstreamError =
      this.responseStatus !== undefined && this.responseStatus >= 400
        ? `the model backend answered ${this.responseStatus}`
        : undefined
    const error = result.error ?? this.streamError ?? upstreamError ?? null
    const succeeded = (result.status < 400 || result.status === 499) && !error
    const { lease } = this.slot
    const release = () => (succeeded ? lease.complete(usage) : lease.fail(usage))
    if (result.upstreamFinished || !backend) release()
    else backend.sockets.afterClosing(release)
    this.slot.finish(usage.promptTokens + usage.outputTokens)
    this.record(result.status, error, usage, now, backend)
    return usage
  }

  private record(
    status: number,
    error: string | null,
    usage: TokenUsage,
    now: number,
    backend: Backend | undefined,
  ): void {
    const { context, metrics } = this
    const timeToFirstTokenMs = this.firstTokenAt === undefined ? null : this.firstTokenAt - context.arrivedAt
    const backendId = backend?.id ?? null
    const durationMs = now - context.arrivedAt
    this.recorder.record({
      requestId: context.requestId,
      userId: context.identity.userId,
      keyId: context.identity.keyId,
      groupId: context.identity.groupId,
      model: context.model,
      backendId,
      endpoint: context.endpoint,
      source: context.source,
      status,
      promptTokens: usage.promptTokens,
      outputTokens: usage.outputTokens,
      queueWaitMs: this.queueWaitMs,
      timeToFirstTokenMs,
      durationMs,
      priority: context.identity.priority,
      error,
      requeues: this.requeues,
      backendsTried: this.requeues > 0 ? this.backendsTried : undefined,
      finishedAt: new Date(),
    })
    // The client left or stopped the answer (499): it ended on a backend, so it was running.
    if (status === 499) this.events.cancelled(context, 'client', true)
    this.events.finished(context, {
      backendId,
      status,
      promptTokens: usage.promptTokens,
      outputTokens: usage.outputTokens,
      queueWaitMs: this.queueWaitMs,
      timeToFirstTokenMs,
      durationMs,
      error,
    })
    metrics.requests.inc({ endpoint: context.endpoint, model: context.model, status: String(status) })
    metrics.requestDuration.observe({ endpoint: context.endpoint }, (now - context.arrivedAt) / 1000)
    metrics.queueWait.observe({ priority: String(context.identity.priority) }, this.queueWaitMs / 1000)
    if (timeToFirstTokenMs !== null && this.firstTokenAt !== undefined) {
      metrics.timeToFirstToken.observe({ model: context.model }, timeToFirstTokenMs / 1000)
      metrics.backendTimeToFirstToken.observe(
        { model: context.model },
        (this.firstTokenAt - this.dispatchedAt) / 1000,
      )
    }
    metrics.tokens.inc({ kind: 'prompt', model: context.model }, usage.promptTokens)
    metrics.tokens.inc({ kind: 'output', model: context.model }, usage.outputTokens)
  }

  private accounted(status: number): TokenUsage {
    if (this.usage) return this.usage
    const refused = this.responseStatus === undefined ? status !== 499 : this.responseStatus >= 400
    if (refused) return nothing
    return { promptTokens: this.context.estimatedPromptTokens, outputTokens: this.outputUnits }
  }
}
