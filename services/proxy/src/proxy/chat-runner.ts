import type { Dispatcher } from 'undici'
import type { ChatCallbacks, ChatOutcome, ChatTurn } from '@corral/core'
import { FrameTooLongError, LineBuffer } from '../streams/frame-buffer.ts'
import { backendFailedWhileAnswering, unfinishedStream } from '../streams/stream-errors.ts'
import { ollamaUsage } from '../streams/token-usage.ts'
import type { BodyBudget } from './body-budget.ts'
import type { InferenceRun } from './inference-run.ts'
import { isOperatorCancel } from './operator-cancel.ts'
import type { InferenceStarter } from './inference-starter.ts'
import { errorBodyMessage, maxErrorBodyBytes, readBounded } from './upstream-errors.ts'

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
    private readonly starter: InferenceStarter,
    private readonly budget: BodyBudget,
  ) {}

  async chat(turn: ChatTurn, callbacks: ChatCallbacks): Promise<ChatOutcome> {
    const body = Buffer.from(
      JSON.stringify({ model: turn.model, messages: turn.messages, stream: true, options: turn.options }),
    )
    const hold = this.budget.hold(turn.identity.userId)
    hold.grow(body.length)
    const { run, response } = await this.starter.start({
      requestId: turn.requestId,
      identity: turn.identity,
      model: turn.model,
      endpoint: '/api/chat',
      source: 'chat',
      arrivedAt: performance.now(),
      request: {
        method: 'POST',
        path: '/api/chat',
        headers: { 'content-type': 'application/json' },
        body,
      },
      hold,
      signal: turn.signal,
      onWaiting: (position, estimatedWaitMs, reason) => callbacks.onQueued(position, estimatedWaitMs, reason),
      onDequeued: (queueWaitMs) => callbacks.onStarted(queueWaitMs),
    })
    return this.consume(run, response, turn.signal, callbacks)
  }

  private async consume(
    run: InferenceRun,
    response: Dispatcher.ResponseData,
    signal: AbortSignal,
    callbacks: ChatCallbacks,
  ): Promise<ChatOutcome> {
    let content = ''
    if (response.statusCode !== 200) {
      // Only Ollama's own message reaches the chat, never whatever else an error body holds.
      const { bytes, complete } = await readBounded(response.body, maxErrorBodyBytes)
      const error = errorBodyMessage(bytes) ?? `the model backend answered ${response.statusCode}`
      run.end({ status: response.statusCode, error, upstreamFinished: complete })
      return { status: 'error', content, promptTokens: 0, outputTokens: 0, error }
    }
    let error: string | undefined
    let done = false
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
        done = true
        run.onUsage(ollamaUsage(line))
      }
      const delta = line.message?.content ?? ''
      const thinking = line.message?.thinking ?? ''
      if (delta || thinking) {
        run.onFirstToken()
        run.onOutput()
        content += delta
        callbacks.onDelta(delta, thinking)
      }
    }
    let upstreamFinished = false
    /** A socket error's text (addresses, errno) goes to the usage record only; the chat gets `error`. */
    let cause: string | undefined
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) lines.push(chunk, onLine)
      const rest = lines.take()
      if (rest) onLine(rest)
      upstreamFinished = true
    } catch (failure) {
      if (isOperatorCancel(failure)) {
        const counted = run.end({ status: 200, error: failure.message, upstreamFinished: false })
        return { status: 'error', content, ...counted, error: failure.message, code: 'CORRAL_ERR_CANCELLED' }
      }
      if (!signal.aborted && error === undefined) {
        error = failure instanceof FrameTooLongError ? failure.message : backendFailedWhileAnswering
        cause = failure instanceof FrameTooLongError ? undefined : `${error}: ${(failure as Error).message}`
      }
    }
    if (signal.aborted) {
      // Ollama reports no counts for an answer cut short: keep what the run observed.
      const observed = run.end({ status: 499, upstreamFinished })
      return { status: 'stopped', content, ...observed }
    }
    if (!error && !done) {
      error = unfinishedStream
      run.onStreamError(error)
    }
    const counted = run.end({ status: 200, error: cause ?? error, upstreamFinished })
    return error
      ? { status: 'error', content, ...counted, error }
      : { status: 'complete', content, ...counted }
  }
}
