import { openAiChatFormat } from '../formats/openai-chat-format.ts'
import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject, type JsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { thinkFromEffort } from '../inference/reasoning-effort.ts'
import { chat, type ChatMessage } from './chat-route.ts'

/**
 * `POST /v1/chat/completions`: Ollama's middleware turns the request into a native chat request and the
 * native responses back into OpenAI chunks (reference §4.1).
 */
export const openAiChatRoute: Route = {
  method: 'POST',
  path: '/v1/chat/completions',
  errors: 'openai',
  inference: true,
  handler: async (exchange) => {
    const body = await readJsonObject(exchange.req, 'openai.ChatCompletionRequest', 'EOF')
    const fields = new GoFields(body, 'ChatCompletionRequest')
    const messages = fields.array('messages', 'openai.Message')
    if (messages.length === 0) throw new HttpError(400, "[] is too short - 'messages'")
    const maxTokens = fields.integer('max_tokens')
    const reasoning = fields.object('reasoning', 'openai.Reasoning')
    const effort = reasoning
      ? typeof reasoning.effort === 'string'
        ? reasoning.effort
        : ''
      : fields.string('reasoning_effort')
    const model = fields.string('model')
    const includeUsage = fields.object('stream_options', 'openai.StreamOptions')?.include_usage === true
    await chat(
      exchange,
      {
        model,
        messages: messages.map(openAiMessage),
        stream: fields.bool('stream') ?? false,
        keepAliveMs: undefined,
        tools: fields.array('tools', 'api.Tool'),
        options: maxTokens === undefined ? undefined : { num_predict: maxTokens },
        think: thinkFromEffort(effort),
        format: responseFormat(fields.object('response_format', 'openai.ResponseFormat')),
      },
      openAiChatFormat(model, includeUsage, exchange.ctx.options.openAiStreamFormat),
    )
  },
}

/** Content is a string or a list of parts; only the text matters to the simulator. */
function openAiMessage(value: unknown): ChatMessage {
  const message = (value ?? {}) as JsonObject
  const role = typeof message.role === 'string' ? message.role.toLowerCase() : ''
  const content = message.content
  if (content === undefined || content === null || typeof content === 'string')
    return { role, content: content ?? '' }
  if (!Array.isArray(content))
    throw new HttpError(400, `invalid message content type: ${goTypeName(content)}`)
  const text = content.map((part: unknown) => {
    if (typeof part !== 'object' || part === null) throw new HttpError(400, 'invalid message format')
    const { type, text } = part as JsonObject
    if (type === 'text') {
      if (typeof text !== 'string') throw new HttpError(400, 'invalid message format')
      return text
    }
    if (type === 'image_url' || type === 'input_audio') return ''
    throw new HttpError(400, 'invalid message format')
  })
  return { role, content: text.join('') }
}

function goTypeName(value: unknown): string {
  if (typeof value === 'number') return 'float64'
  if (typeof value === 'boolean') return 'bool'
  return 'map[string]interface {}'
}

function responseFormat(format: JsonObject | undefined): unknown {
  const type = typeof format?.type === 'string' ? format.type.trim().toLowerCase() : ''
  if (type === 'json_object') return 'json'
  if (type === 'json_schema') return (format?.json_schema as JsonObject | undefined)?.schema
  return undefined
}
