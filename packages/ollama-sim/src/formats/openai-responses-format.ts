import type { GenerationSummary, OutputFormat } from '../inference/generation-types.ts'
import type { JsonObject } from '../http/read-body.ts'
import { goJson } from '../text/go-json.ts'
import { openAiToolCalls } from './openai-shapes.ts'
import { randomId, wholeResponse, type ResponsesEcho, type ResponsesIds } from './responses-object.ts'
import { messageItem, ResponsesStream } from './responses-stream.ts'

/** Headers `ResponsesMiddleware` sets on a stream before the first event. */
export const sseHeaders = { 'Cache-Control': 'no-cache', Connection: 'keep-alive' }

/**
 * `/v1/responses` as Ollama's `ResponsesWriter` writes it (`middleware/openai.go`): SSE events from
 * `ResponsesStream`, or one `ToResponse` object followed by a newline (`json.Encoder`). A failure after
 * the first event is a native error line, which the writer decodes as an empty chunk: the stream just
 * stops, without `response.completed`.
 */
export function openAiResponsesFormat(echo: ResponsesEcho, stream: boolean): OutputFormat {
  const ids: ResponsesIds = { responseId: randomId('resp'), itemId: randomId('msg') }
  const events = new ResponsesStream(ids, echo)
  const whole = (summary: GenerationSummary) => ({
    contentType: 'application/json',
    body: goJson(wholeResponse(ids, echo, summary, outputItems(ids, summary))) + '\n',
  })
  return {
    streamContentType: 'text/event-stream',
    streamHeaders: sseHeaders,
    piece: (piece) => events.piece(piece),
    done: (summary) => events.complete(summary),
    streamError: () => [],
    whole,
    // A load (no input) answers like any other response: completed, with empty text.
    load: (summary) =>
      stream ? { contentType: 'text/event-stream', body: events.complete(summary).join('') } : whole(summary),
  }
}

/** `ToResponse`'s output: reasoning first, then either the function calls or one message. */
function outputItems(ids: ResponsesIds, summary: GenerationSummary): JsonObject[] {
  const items: JsonObject[] = []
  if (summary.thinking) {
    items.push({
      id: `rs_${ids.responseId}`,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: summary.thinking }],
      encrypted_content: summary.thinking,
    })
  }
  const calls = openAiToolCalls(summary.toolCalls) as {
    id: string
    function: { name: string; arguments: string }
  }[]
  if (calls.length === 0) return [...items, messageItem(ids.itemId, summary.content)]
  return [
    ...items,
    ...calls.map((call, i) => ({
      id: `fc_${ids.responseId}_${i}`,
      type: 'function_call',
      status: 'completed',
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    })),
  ]
}
