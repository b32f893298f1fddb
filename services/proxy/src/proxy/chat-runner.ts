import type { ChatCallbacks, ChatOutcome, ChatTurn, CorralMetrics } from '@corral/core'
import { Errors, isModelAllowed, normalizeModelName } from '@corral/core'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import { LineBuffer } from '../streams/line-buffer.ts'
import { ollamaUsage } from '../streams/token-usage.ts'
import type { UsageRecorder } from '../usage/usage-recorder.ts'
import { estimatePromptTokens } from './inference-handler.ts'
import type { InferenceQueue } from './inference-queue.ts'
import { InferenceRun } from './inference-run.ts'
import { dispatchUpstream } from './upstream-dispatch.ts'

interface ChatLine {
  message?: { content?: string; thinking?: string }
  done?: boolean
  error?: string
  prompt_eval_count?: number
  eval_count?: number
}

/**
 * The chat app's answers: `/api/chat` through the same queue, limits, usage accounting and metrics as
 * API requests, with the stream decoded into text deltas for the WebSocket.
 */
export class ChatRunner {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly queue: InferenceQueue,
    private readonly recorder: UsageRecorder,
    private readonly metrics: CorralMetrics,
  ) {}

  async chat(turn: ChatTurn, callbacks: ChatCallbacks): Promise<ChatOutcome> {
    const model = normalizeModelName(turn.model)
    if (!isModelAllowed(model, turn.identity.modelAllowlist))
      throw new Errors.modelNotAllowed(`You may not use the model "${turn.model}"`)
    const body = Buffer.from(
      JSON.stringify({ model: turn.model, messages: turn.messages, stream: true, options: turn.options }),
    )
    const arrivedAt = performance.now()
    const estimatedPromptTokens = estimatePromptTokens(body.length)
    const slot = await this.queue.acquire({
      requestId: turn.requestId,
      identity: turn.identity,
      model,
      estimatedPromptTokens,
      signal: turn.signal,
      onWaiting: (position, estimatedWaitMs) => callbacks.onQueued(position, estimatedWaitMs),
    })
    // Started means out of the queue: the backend may still take minutes to load the model.
    callbacks.onStarted(slot.lease.queueWaitMs)
    const upstream = await dispatchUpstream(
      slot,
      this.registry,
      { method: 'POST', path: '/api/chat', headers: { 'content-type': 'application/json' }, body },
      turn.signal,
    )
    const run = new InferenceRun(
      {
        requestId: turn.requestId,
        identity: turn.identity,
        model,
        endpoint: '/api/chat',
        source: 'chat',
        arrivedAt,
        estimatedPromptTokens,
      },
      upstream.slot,
      upstream.backend,
      upstream.response,
      this.recorder,
      this.metrics,
    )
    return this.consume(run, turn.signal, callbacks)
  }

  private async consume(
    run: InferenceRun,
    signal: AbortSignal,
    callbacks: ChatCallbacks,
  ): Promise<ChatOutcome> {
    const { response } = run
    let content = ''
    if (response.statusCode !== 200) {
      const text = await response.body.text()
      const error = parseError(text) ?? `the model backend answered ${response.statusCode}`
      run.end({ status: response.statusCode, error })
      return { status: 'error', content, promptTokens: 0, outputTokens: 0, error }
    }
    let error: string | undefined
    const lines = new LineBuffer()
    const onLine = (raw: Buffer) => {
      let line: ChatLine
      try {
        line = JSON.parse(raw.toString('utf8')) as ChatLine
      } catch {
        return
      }
      if (line.error) {
        error = line.error
        run.onStreamError(line.error)
      } else if (line.done) {
        run.onUsage(ollamaUsage(line))
      }
      const delta = line.message?.content ?? ''
      const thinking = line.message?.thinking ?? ''
      if (delta || thinking) {
        run.onOutput()
        content += delta
        callbacks.onDelta(delta, thinking)
      }
    }
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) lines.push(chunk, onLine)
    } catch (failure) {
      if (!signal.aborted) error ??= `the model backend failed while answering: ${(failure as Error).message}`
    }
    if (signal.aborted) {
      // Ollama reports no counts for an answer cut short: keep what the run observed.
      const observed = run.end({ status: 499 })
      return { status: 'stopped', content, ...observed }
    }
    const counted = run.end({ status: 200, error })
    return error
      ? { status: 'error', content, ...counted, error }
      : { status: 'complete', content, ...counted }
  }
}

function parseError(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown }
    return typeof body.error === 'string' ? body.error : undefined
  } catch {
    return text.trim() || undefined
  }
}
