import { nativeChatFormat } from '../formats/native-chat-format.ts'
import type { Exchange } from '../http/exchange.ts'
import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { chatModelErrors, findModel, hasCapability, thinkingEnabled } from '../inference/find-model.ts'
import type { OutputFormat } from '../inference/generation-types.ts'
import { planPieces } from '../inference/plan-pieces.ts'
import { outputLength, parseKeepAlive, parseThink, type Think } from '../inference/request-options.ts'
import { answerLoad, answerUnload, startGeneration } from '../inference/start-inference.ts'
import { chooseToolCall } from '../inference/tool-calls.ts'
import { countTokens } from '../text/tokens.ts'

export interface ChatMessage {
  role: string
  content: string
}

/** A chat request once decoded, whether it came in natively or through `/v1/chat/completions`. */
export interface ChatRequest {
  model: string
  messages: ChatMessage[]
  stream: boolean
  keepAliveMs: number | undefined
  tools: unknown[]
  options: Record<string, unknown> | undefined
  think: Think
  format: unknown
  /** Set by the Anthropic middleware: `thinking` on a model that cannot think is dropped, not refused. */
  relaxThinking?: boolean
}

/** `POST /api/chat` (reference §3.7). */
export const chatRoute: Route = {
  method: 'POST',
  path: '/api/chat',
  errors: 'native',
  inference: true,
  handler: async (exchange) => {
    const fields = new GoFields(
      await readJsonObject(exchange.req, 'api.ChatRequest', 'missing request body'),
      'ChatRequest',
    )
    const request: ChatRequest = {
      model: fields.string('model'),
      messages: fields.array('messages', 'api.Message').map(nativeMessage),
      stream: fields.bool('stream') ?? true,
      keepAliveMs: parseKeepAlive(fields.raw('keep_alive')),
      tools: fields.array('tools', 'api.Tool'),
      options: fields.object('options', 'map[string]interface {}'),
      think: parseThink(fields.raw('think')),
      format: fields.raw('format'),
    }
    await chat(exchange, request, nativeChatFormat(request.model))
  },
}

function nativeMessage(value: unknown): ChatMessage {
  const message = new GoFields((value ?? {}) as Record<string, unknown>, 'ChatRequest.messages')
  return { role: message.string('role').toLowerCase(), content: message.string('content') }
}

/** `ChatHandler`'s checks in its order, then the generation. */
export async function chat(exchange: Exchange, request: ChatRequest, format: OutputFormat): Promise<void> {
  const { ctx } = exchange
  const { model: requested, messages } = request
  const model = findModel(ctx, requested, chatModelErrors)
  if (messages.length === 0 && request.keepAliveMs === 0)
    return answerUnload(exchange, model, requested, format)
  const thinking = thinkingEnabled(model, request.think, requested, request.relaxThinking)
  if (!hasCapability(model, 'completion'))
    throw new HttpError(400, `${JSON.stringify(requested)} does not support chat`)
  if (request.tools.length > 0 && !hasCapability(model, 'tools')) {
    throw new HttpError(400, `${model.name.full} does not support tools`)
  }
  if (messages.length === 0) return answerLoad(exchange, model, request.keepAliveMs, requested, format)

  const lastUser = messages.findLast((message) => message.role === 'user')?.content ?? ''
  const toolCall = request.tools.length > 0 ? chooseToolCall(request.tools, lastUser) : undefined
  const { tokens, doneReason } = outputLength(request.options, ctx.options.responseTokens)
  const seed = messages[messages.length - 1]!.content // not empty: answered by `answerLoad` above
  const pieces = planPieces({ seed, outputTokens: tokens, thinking, toolCall, format: request.format })
  const promptTokens = countTokens(messages.map((message) => message.content).join(''))
  const job = {
    requestedModel: requested,
    stream: request.stream,
    pieces,
    doneReason,
    promptTokens,
    withContext: false,
  }
  await startGeneration(exchange, model, request.keepAliveMs, job, format)
}
