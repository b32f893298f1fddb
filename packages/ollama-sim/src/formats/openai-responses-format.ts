import type { GenerationSummary, OutputFormat } from '../inference/generation-types.ts'
import type { JsonObject } from '../http/read-body.ts'
import { eventStreamFormat } from './event-stream-format.ts'
import { openAiToolCalls } from './openai-shapes.ts'
import {
  randomId,
  responseObject,
  responsesUsage,
  type ResponsesEcho,
  type ResponsesIds,
} from './responses-object.ts'
import { messageItem, ResponsesStream } from './responses-stream.ts'

/**
 * `/v1/responses` as Ollama's `ResponsesWriter` writes it (`middleware/openai.go`): the events of
 * `ResponsesStream`, or one `ToResponse` object. A failure after the first event stops the stream
 * without `response.completed`.
 */
export function openAiResponsesFormat(echo: ResponsesEcho, stream: boolean): OutputFormat {
  const ids: ResponsesIds = { responseId: randomId('resp'), itemId: randomId('msg') }
  return eventStreamFormat(stream, new ResponsesStream(ids, echo), (summary) =>
    responseObject(
      ids,
      echo,
      {
        status: 'completed',
        createdAt: Math.floor(Date.parse(summary.createdAt) / 1000),
        completedAt: Math.floor(Date.now() / 1000),
        output: outputItems(ids, summary),
        usage: responsesUsage(summary),
      },
      'whole',
    ),
  )
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
