import { openAiResponsesFormat } from '../formats/openai-responses-format.ts'
import type { ResponsesEcho } from '../formats/responses-object.ts'
import { responsesMessages } from '../formats/responses-input.ts'
import { responsesTools } from '../formats/responses-tools.ts'
import { GoFields } from '../http/go-fields.ts'
import { parseJsonObject, type JsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { readResponsesBody } from '../http/zstd-body.ts'
import { thinkFromEffort } from '../inference/reasoning-effort.ts'
import { chat } from './chat-route.ts'

/**
 * `POST /v1/responses` (Ollama ≥ 0.13.3): `ResponsesMiddleware` turns the OpenAI Responses request into a
 * native chat request and the chat chunks into Responses events or one response object. `stream`
 * defaults to false here. `max_output_tokens` sets the answer length like `num_predict`.
 */
export const openAiResponsesRoute: Route = {
  method: 'POST',
  path: '/v1/responses',
  errors: 'openai',
  inference: true,
  handler: async (exchange) => {
    const body = parseJsonObject(await readResponsesBody(exchange.req), 'openai.ResponsesRequest', 'EOF')
    const fields = new GoFields(body, 'ResponsesRequest')
    const reasoning = new GoFields(
      fields.object('reasoning', 'openai.ResponsesReasoning') ?? {},
      'ResponsesRequest.reasoning',
    )
    const text = fields.object('text', 'openai.ResponsesText')
    const format = new GoFields(text ?? {}, 'ResponsesRequest.text').object(
      'format',
      'openai.ResponsesTextFormat',
    )
    const tools = fields.array('tools', 'openai.ResponsesTool') as JsonObject[]
    const maxOutputTokens = fields.integer('max_output_tokens')
    const echo: ResponsesEcho = {
      model: fields.string('model'),
      instructions: fields.string('instructions'),
      truncation: fields.raw('truncation') == null ? undefined : fields.string('truncation'),
      tools,
      textFormat: format,
      reasoningEffort: reasoning.string('effort'),
      reasoningSummary: reasoning.string('summary'),
      topP: fields.number('top_p'),
      temperature: fields.number('temperature'),
      maxOutputTokens,
      background: fields.bool('background') ?? false,
    }
    const messages = responsesMessages(echo.instructions, fields.raw('input'))
    const think = thinkFromEffort(echo.reasoningEffort)
    const stream = fields.bool('stream') ?? false
    await chat(
      exchange,
      {
        model: echo.model,
        messages,
        stream,
        keepAliveMs: undefined,
        tools: responsesTools(tools),
        options: maxOutputTokens === undefined ? undefined : { num_predict: maxOutputTokens },
        think,
        format: format?.type === 'json_schema' ? format.schema : undefined,
      },
      openAiResponsesFormat(echo, stream),
    )
  },
}
