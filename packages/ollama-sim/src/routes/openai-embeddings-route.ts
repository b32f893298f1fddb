import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import { send } from '../http/responses.ts'
import type { Route } from '../http/router.ts'
import { embedInputs, embedTexts } from '../inference/embed-texts.ts'
import { embedModelErrors, findModel } from '../inference/find-model.ts'
import { embeddingToBase64 } from '../text/embeddings.ts'
import { goJson } from '../text/go-json.ts'

/** `POST /v1/embeddings` (reference §4.3). */
export const openAiEmbeddingsRoute: Route = {
  method: 'POST',
  path: '/v1/embeddings',
  errors: 'openai',
  inference: true,
  handler: async (exchange) => {
    const fields = new GoFields(
      await readJsonObject(exchange.req, 'openai.EmbedRequest', 'EOF'),
      'EmbedRequest',
    )
    const encoding = fields.string('encoding_format')
    if (encoding !== '' && !['float', 'base64'].includes(encoding.toLowerCase())) {
      throw new HttpError(
        400,
        `Invalid value for 'encoding_format' = ${encoding}. Supported values: ['float', 'base64'].`,
      )
    }
    let input = fields.raw('input')
    if (input === '') input = ['']
    if (input === undefined || input === null || (Array.isArray(input) && input.length === 0)) {
      throw new HttpError(400, 'invalid input')
    }
    const requested = fields.string('model')
    if (requested === '') throw embedModelErrors.missing
    const inputs = embedInputs(input)
    const result = await embedTexts(exchange, {
      model: findModel(exchange.ctx, requested, embedModelErrors),
      inputs,
      keepAliveMs: undefined,
      normalise: true,
      dimensions: fields.integer('dimensions'),
      truncate: true,
    })
    if (!result) return
    const base64 = encoding.toLowerCase() === 'base64'
    const data = result.vectors.map((vector, index) => ({
      object: 'embedding',
      embedding: base64 ? embeddingToBase64(vector) : vector,
      index,
    }))
    const usage = { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens }
    send(
      exchange.res,
      200,
      'application/json',
      goJson({ object: 'list', data, model: requested, usage }) + '\n',
    )
  },
}
