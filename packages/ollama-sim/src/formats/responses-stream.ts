import type { GenerationSummary, NativeToolCall, Piece } from '../inference/generation-types.ts'
import type { JsonObject } from '../http/read-body.ts'
import { goMapJson } from '../text/go-map-json.ts'
import { openAiToolCalls } from './openai-shapes.ts'
import type { EventConverter } from './event-stream-format.ts'
import {
  randomId,
  responseObject,
  responsesUsage,
  type ResponsesEcho,
  type ResponseState,
  type ResponsesIds,
} from './responses-object.ts'

/**
 * `ResponsesStreamConverter` (`openai/responses.go`): native chunks in, Responses SSE events out, each
 * `event: <type>` plus `data: <map>` with a `sequence_number`. Thinking opens a reasoning item, text a
 * message item; a tool call ends the text for good.
 */
export class ResponsesStream implements EventConverter {
  private sequence = 0
  private started = false
  private outputIndex = 0
  private readonly finished: JsonObject[] = []
  private reasoning: { id: string; text: string } | undefined
  private text: string | undefined
  private toolCallsSent = false

  constructor(
    private readonly ids: ResponsesIds,
    private readonly echo: ResponsesEcho,
  ) {}

  piece(piece: Piece): string[] {
    const events = this.start()
    if (piece.thinking) events.push(...this.think(piece.thinking))
    if (piece.toolCalls?.length) {
      events.push(...this.finishReasoning(), ...this.toolCalls(piece.toolCalls))
      this.toolCallsSent = true
    } else if (!this.toolCallsSent && piece.content) {
      events.push(...this.write(piece.content))
    }
    return events
  }

  done(summary: GenerationSummary): string[] {
    const events = [...this.start(), ...this.finishReasoning()]
    const output = [...this.finished]
    if (this.text !== undefined) {
      const item = messageItem(this.ids.itemId, this.text)
      output.push(item)
      if (!this.toolCallsSent) {
        const at = { item_id: this.ids.itemId, output_index: this.outputIndex, content_index: 0 }
        events.push(
          this.event('response.output_text.done', { ...at, text: this.text, logprobs: [] }),
          this.event('response.content_part.done', { ...at, part: outputText(this.text) }),
          this.event('response.output_item.done', { output_index: this.outputIndex, item }),
        )
      }
    }
    const now = Math.floor(Date.now() / 1000)
    const state = {
      status: 'completed',
      createdAt: now,
      completedAt: now,
      output,
      usage: responsesUsage(summary),
    }
    events.push(this.event('response.completed', { response: this.response(state) }))
    return events
  }

  private start(): string[] {
    if (this.started) return []
    this.started = true
    const now = Math.floor(Date.now() / 1000)
    const state = { status: 'in_progress', createdAt: now, completedAt: null, output: [], usage: null }
    return ['response.created', 'response.in_progress'].map((type) =>
      this.event(type, { response: this.response(state) }),
    )
  }

  private think(thinking: string): string[] {
    const events: string[] = []
    if (!this.reasoning) {
      this.reasoning = { id: randomId('rs'), text: '' }
      const item = { id: this.reasoning.id, type: 'reasoning', summary: [] }
      events.push(this.event('response.output_item.added', { output_index: this.outputIndex, item }))
    }
    this.reasoning.text += thinking
    const at = { item_id: this.reasoning.id, output_index: this.outputIndex, summary_index: 0 }
    events.push(this.event('response.reasoning_summary_text.delta', { ...at, delta: thinking }))
    return events
  }

  private finishReasoning(): string[] {
    if (!this.reasoning) return []
    const { id, text } = this.reasoning
    const item = { id, type: 'reasoning', summary: [{ type: 'summary_text', text }], encrypted_content: text }
    this.reasoning = undefined
    this.finished.push(item)
    const outputIndex = this.outputIndex++
    return [
      this.event('response.reasoning_summary_text.done', {
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        text,
      }),
      this.event('response.output_item.done', { output_index: outputIndex, item }),
    ]
  }

  private toolCalls(calls: NativeToolCall[]): string[] {
    const events = openAiToolCalls(calls).flatMap((call, i) => {
      const { id: callId, function: fn } = call as {
        id: string
        function: { name: string; arguments: string }
      }
      const id = `${randomId('fc')}_${i}`
      const output_index = this.outputIndex + i
      const item = { id, type: 'function_call', call_id: callId, name: fn.name }
      const completed = { ...item, status: 'completed', arguments: fn.arguments }
      this.finished.push(completed)
      return [
        this.event('response.output_item.added', {
          output_index,
          item: { ...item, status: 'in_progress', arguments: '' },
        }),
        this.event('response.function_call_arguments.delta', {
          item_id: id,
          output_index,
          delta: fn.arguments,
        }),
        this.event('response.function_call_arguments.done', {
          item_id: id,
          output_index,
          arguments: fn.arguments,
        }),
        this.event('response.output_item.done', { output_index, item: completed }),
      ]
    })
    this.outputIndex += calls.length
    return events
  }

  private write(content: string): string[] {
    const events = this.finishReasoning()
    const at = { item_id: this.ids.itemId, output_index: this.outputIndex, content_index: 0 }
    if (this.text === undefined) {
      this.text = ''
      const item = {
        id: this.ids.itemId,
        type: 'message',
        status: 'in_progress',
        role: 'assistant',
        content: [],
      }
      events.push(
        this.event('response.output_item.added', { output_index: this.outputIndex, item }),
        this.event('response.content_part.added', { ...at, part: outputText('') }),
      )
    }
    this.text += content
    events.push(this.event('response.output_text.delta', { ...at, delta: content, logprobs: [] }))
    return events
  }

  private response(state: ResponseState): JsonObject {
    return responseObject(this.ids, this.echo, state, 'stream')
  }

  private event(type: string, data: JsonObject): string {
    const payload = goMapJson({ ...data, type, sequence_number: this.sequence++ })
    return `event: ${type}\ndata: ${payload}\n\n`
  }
}

function outputText(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [], logprobs: [] }
}

export function messageItem(id: string, text: string): JsonObject {
  return { id, type: 'message', status: 'completed', role: 'assistant', content: [outputText(text)] }
}
