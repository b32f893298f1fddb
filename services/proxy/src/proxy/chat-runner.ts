import type { ChatCallbacks, ChatOutcome, ChatTurn } from '@corral/core'
import { LineBuffer } from '../streams/line-buffer.ts'
import { ollamaUsage } from '../streams/token-usage.ts'
import type { InferenceRun } from './inference-run.ts'
import type { InferenceStarter } from './inference-starter.ts'

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
  constructor(private readonly starter: InferenceStarter) {}

  async chat(turn: ChatTurn, callbacks: ChatCallbacks): Promise<ChatOutcome> {
    const body = JSON.stringify({
      model: turn.model,
      messages: turn.messages,
      stream: true,
      options: turn.options,
    })
    const run = await this.starter.start({
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
        body: Buffer.from(body),
      },
      signal: turn.signal,
      onWaiting: (position, estimatedWaitMs) => callbacks.onQueued(position, estimatedWaitMs),
      onDequeued: (queueWaitMs) => callbacks.onStarted(queueWaitMs),
    })
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
