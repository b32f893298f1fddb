import { openAiCompletionsFormat } from '../formats/openai-completions-format.ts'
import { GoFields } from '../http/go-fields.ts'
import { readJsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { generate } from './generate-route.ts'

/** `POST /v1/completions`: becomes a native generate request, as in Ollama's middleware (reference §4.2). */
export const openAiCompletionsRoute: Route = {
  method: 'POST',
  path: '/v1/completions',
  errors: 'openai',
  inference: true,
  handler: async (exchange) => {
    const fields = new GoFields(
      await readJsonObject(exchange.req, 'openai.CompletionRequest', 'EOF'),
      'CompletionRequest',
    )
    const stream = fields.bool('stream') ?? false
    const maxTokens = fields.integer('max_tokens')
    const includeUsage = fields.object('stream_options', 'openai.StreamOptions')?.include_usage === true
    const native = {
      model: fields.string('model'),
      prompt: fields.string('prompt'),
      suffix: fields.string('suffix'),
      stream,
      options: maxTokens === undefined ? {} : { num_predict: maxTokens },
    }
    await generate(exchange, new GoFields(native, 'GenerateRequest'), (model) =>
      openAiCompletionsFormat(model, includeUsage, stream),
    )
  },
}
