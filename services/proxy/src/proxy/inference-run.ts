import type { CorralMetrics, Identity } from '@corral/core'
import type { Dispatcher } from 'undici'
import type { Backend } from '../backends/backend.ts'
import type { StreamObserver, TokenUsage } from '../streams/token-usage.ts'
import type { UsageRecorder } from '../usage/usage-recorder.ts'
import type { Slot } from './inference-queue.ts'

export interface RunContext {
  requestId: string
  identity: Identity
  model: string
  endpoint: string
  source: 'api' | 'chat'
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
}

/**
 * One inference request from dispatch to the end of its answer: it observes the stream (tokens,
 * time to first token, upstream errors), charges the user's fair-share counter as tokens flow, and
 * on `end` settles the lease, the limits, the metrics and the usage record, exactly once.
 */
export class InferenceRun implements StreamObserver {
  readonly dispatchedAt = performance.now()
  private firstTokenAt: number | undefined
  private outputUnits = 0
  private usage: TokenUsage | undefined
  private streamError: string | undefined
  private ended = false

  constructor(
    readonly context: RunContext,
    readonly slot: Slot,
    readonly backend: Backend,
    readonly response: Dispatcher.ResponseData,
    private readonly recorder: UsageRecorder,
    private readonly metrics: CorralMetrics,
  ) {}

  get queueWaitMs(): number {
    return this.slot.lease.queueWaitMs
  }

  onOutput(): void {
    this.firstTokenAt ??= performance.now()
    this.outputUnits++
    this.slot.lease.chargeOutput(1)
  }

  onUsage(usage: TokenUsage): void {
    this.usage = usage
  }

  onStreamError(message: string): void {
    this.streamError = message
  }

  /** For bodies that are not streamed, the first byte is the first token. */
  onFirstBytes(): void {
    this.firstTokenAt ??= performance.now()
  }

  /** Settles the request once; returns the token counts it was accounted with. */
  end(result: RunEnd): TokenUsage {
    if (this.ended) return this.accounted()
    this.ended = true
    const now = performance.now()
    const usage = this.accounted()
    const error = result.error ?? this.streamError ?? null
    const succeeded = (result.status < 400 || result.status === 499) && !error
    if (succeeded) this.slot.lease.complete(usage)
    else this.slot.lease.fail(usage)
    this.slot.finish(usage.promptTokens + usage.outputTokens)
    const { context } = this
    const timeToFirstTokenMs = this.firstTokenAt === undefined ? null : this.firstTokenAt - this.dispatchedAt
    this.recorder.record({
      requestId: context.requestId,
      userId: context.identity.userId,
      keyId: context.identity.keyId,
      groupId: context.identity.groupId,
      model: context.model,
      backendId: this.backend.id,
      endpoint: context.endpoint,
      source: context.source,
      status: result.status,
      promptTokens: usage.promptTokens,
      outputTokens: usage.outputTokens,
      queueWaitMs: this.queueWaitMs,
      timeToFirstTokenMs,
      durationMs: now - context.arrivedAt,
      priority: context.identity.priority,
      error,
      finishedAt: new Date(),
    })
    this.metrics.requests.inc({
      endpoint: context.endpoint,
      model: context.model,
      status: String(result.status),
    })
    this.metrics.requestDuration.observe({ endpoint: context.endpoint }, (now - context.arrivedAt) / 1000)
    this.metrics.queueWait.observe({ priority: String(context.identity.priority) }, this.queueWaitMs / 1000)
    if (timeToFirstTokenMs !== null)
      this.metrics.timeToFirstToken.observe({ model: context.model }, timeToFirstTokenMs / 1000)
    this.metrics.tokens.inc({ kind: 'prompt', model: context.model }, usage.promptTokens)
    this.metrics.tokens.inc({ kind: 'output', model: context.model }, usage.outputTokens)
    return usage
  }

  /**
   * Ollama's final counts when the answer ended normally. Without them (the client left, the upstream
   * failed) the prompt was still evaluated: its estimate is charged, with the output seen so far.
   */
  private accounted(): TokenUsage {
    return this.usage ?? { promptTokens: this.context.estimatedPromptTokens, outputTokens: this.outputUnits }
  }
}
