import { estimateInputTokens } from '../formats/anthropic-estimate.ts'
import {
  anthropicMessages,
  anthropicThink,
  anthropicTools,
  contentBlocks,
} from '../formats/anthropic-input.ts'
import { anthropicMessagesFormat } from '../formats/anthropic-messages-format.ts'
import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject, type JsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { chat } from './chat-route.ts'

/**
 * `POST /v1/messages`, the Anthropic-compatible API (`middleware/anthropic.go`): the request is checked and
 * turned into a native chat request; `stream` defaults to false. `max_tokens` is required by the API, and
 * clients send large values, so here it caps the answer instead of setting its length: the answer has
 * `responseTokens` tokens unless `max_tokens` is smaller, and then it stops with `max_tokens`.
 */
export const anthropicMessagesRoute: Route = {
  method: 'POST',
  path: '/v1/messages',
  errors: 'anthropic',
  inference: true,
  handler: async (exchange) => {
    const fields = new GoFields(
      await readJsonObject(exchange.req, 'anthropic.MessagesRequest', 'EOF'),
      'MessagesRequest',
    )
    // Decoding first (wrong field types, malformed content), then the middleware's checks, then the
    // conversion, which checks blocks and tool schemas: the order in which Ollama reports errors.
    const model = fields.string('model')
    const maxTokens = fields.integer('max_tokens') ?? 0
    const rawMessages = fields.array('messages', 'anthropic.MessageParam')
    const tools = fields.array('tools', 'anthropic.Tool')
    const system = fields.raw('system')
    const stream = fields.bool('stream') ?? false
    const thinking = fields.object('thinking', 'anthropic.ThinkingConfig')
    const outputConfig = fields.object('output_config', 'anthropic.OutputConfig')
    for (const message of rawMessages) contentBlocks((message as JsonObject | null)?.content)
    if (model === '') throw new HttpError(400, 'model is required')
    if (maxTokens <= 0) throw new HttpError(400, 'max_tokens is required and must be positive')
    if (rawMessages.length === 0) throw new HttpError(400, 'messages is required')
    const messages = anthropicMessages(system, rawMessages)
    const nativeTools = anthropicTools(tools)
    const capped = maxTokens < exchange.ctx.options.responseTokens
    await chat(
      exchange,
      {
        model,
        messages,
        stream,
        keepAliveMs: undefined,
        tools: nativeTools,
        options: capped ? { num_predict: maxTokens } : undefined,
        think: anthropicThink(thinking, outputConfig),
        format: undefined,
        relaxThinking: true,
      },
      anthropicMessagesFormat(model, estimateInputTokens(system, rawMessages, tools), stream),
    )
  },
}
