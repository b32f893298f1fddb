import type { GenerationSummary, OutputFormat, Piece } from '../inference/generation-types.ts'
import { randomHexId } from '../http/responses.ts'
import { goJson } from '../text/go-json.ts'
import { eventStreamFormat, type EventConverter } from './event-stream-format.ts'

/**
 * `/v1/messages` as Ollama's `AnthropicWriter` writes it (`middleware/anthropic.go`): Anthropic SSE
 * events (`message_start` with the estimated input tokens, content blocks for thinking, text and each
 * tool call, then `message_delta` with the real counts and `message_stop`), or one message object. A
 * failure after the first event decodes as an empty chunk: the stream stops without `message_stop`.
 */
export function anthropicMessagesFormat(
  model: string,
  estimatedInputTokens: number,
  stream: boolean,
): OutputFormat {
  const id = randomHexId('msg')
  return eventStreamFormat(stream, new AnthropicStream(id, model, estimatedInputTokens), (summary) =>
    wholeMessage(id, summary),
  )
}

/** `mapStopReason`: a tool call wins; Ollama's own reasons are renamed. */
function stopReason(doneReason: string, toolCalls: boolean): string | undefined {
  if (toolCalls) return 'tool_use'
  if (doneReason === 'stop') return 'end_turn'
  if (doneReason === 'length') return 'max_tokens'
  return doneReason === '' ? undefined : 'stop_sequence'
}

/** `ToMessagesResponse`: thinking, text and tool_use blocks; `content` is null when there are none. */
function wholeMessage(id: string, summary: GenerationSummary): unknown {
  const content = [
    ...(summary.thinking ? [{ type: 'thinking', thinking: summary.thinking }] : []),
    ...(summary.content ? [{ type: 'text', text: summary.content }] : []),
    ...summary.toolCalls.map((call) => ({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: call.function.arguments,
    })),
  ]
  const reason = stopReason(summary.doneReason, summary.toolCalls.length > 0)
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: summary.model,
    content: content.length > 0 ? content : null,
    ...(reason ? { stop_reason: reason } : {}),
    usage: { input_tokens: summary.metrics.prompt_eval_count, output_tokens: summary.metrics.eval_count },
  }
}

/** `anthropic.StreamConverter`: one open block at a time, indexed from 0. */
class AnthropicStream implements EventConverter {
  private started = false
  private index = 0
  private thinking: 'no' | 'open' | 'done' = 'no'
  private textOpen = false
  private toolCalls = 0

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly estimatedInputTokens: number,
  ) {}

  piece(piece: Piece): string[] {
    const events = this.start()
    if (piece.thinking && this.thinking !== 'done') {
      if (this.textOpen) events.push(this.stopBlock())
      this.textOpen = false
      if (this.thinking === 'no') events.push(this.startBlock({ type: 'thinking', thinking: '' }))
      this.thinking = 'open'
      events.push(this.delta({ type: 'thinking_delta', thinking: piece.thinking }))
    }
    if (piece.content) {
      if (this.thinking === 'open') events.push(this.closeThinking())
      if (!this.textOpen) events.push(this.startBlock({ type: 'text', text: '' }))
      this.textOpen = true
      events.push(this.delta({ type: 'text_delta', text: piece.content }))
    }
    for (const call of piece.toolCalls ?? []) {
      if (this.thinking === 'open') events.push(this.closeThinking())
      if (this.textOpen) events.push(this.stopBlock())
      this.textOpen = false
      events.push(
        this.startBlock({ type: 'tool_use', id: call.id, name: call.function.name, input: {} }),
        this.delta({ type: 'input_json_delta', partial_json: goJson(call.function.arguments) }),
        this.stopBlock(),
      )
      this.toolCalls++
    }
    return events
  }

  done(summary: GenerationSummary): string[] {
    const events = this.start(summary.metrics.prompt_eval_count)
    if (this.textOpen || this.thinking === 'open')
      events.push(this.event('content_block_stop', { index: this.index }))
    const { prompt_eval_count: input, eval_count: output } = summary.metrics
    const reason = stopReason(summary.doneReason, this.toolCalls > 0)
    events.push(
      this.event('message_delta', {
        delta: reason ? { stop_reason: reason } : {},
        usage: { input_tokens: input, output_tokens: output },
      }),
      this.event('message_stop', {}),
    )
    return events
  }

  /**
   * Only the final chunk has counts, so `message_start` normally reports the request's estimate; a
   * stream whose first chunk is the final one (a load) reports that chunk's count when it has one.
   */
  private start(promptEvalCount = 0): string[] {
    if (this.started) return []
    this.started = true
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      usage: { input_tokens: promptEvalCount || this.estimatedInputTokens, output_tokens: 0 },
    }
    return [this.event('message_start', { message })]
  }

  private closeThinking(): string {
    this.thinking = 'done'
    return this.stopBlock()
  }

  /** Closes the open block and moves on to the next index. */
  private stopBlock(): string {
    return this.event('content_block_stop', { index: this.index++ })
  }

  private startBlock(block: Record<string, unknown>): string {
    return this.event('content_block_start', { index: this.index, content_block: block })
  }

  private delta(delta: Record<string, unknown>): string {
    return this.event('content_block_delta', { index: this.index, delta })
  }

  private event(type: string, data: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${goJson({ type, ...data })}\n\n`
  }
}
