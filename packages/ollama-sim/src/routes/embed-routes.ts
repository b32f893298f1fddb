import { GoFields } from '../http/go-fields.ts'
import { readJsonObject } from '../http/read-body.ts'
import { sendJson } from '../http/responses.ts'
import type { Route } from '../http/router.ts'
import { embedInputs, embedTexts } from '../inference/embed-texts.ts'
import { embedModelErrors, findModel } from '../inference/find-model.ts'
import { parseKeepAlive } from '../inference/request-options.ts'
import { HttpError } from '../http/http-error.ts'

/** `POST /api/embed` and the legacy `POST /api/embeddings` (reference §3.8, §3.9). */
export const embedRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/embed',
    errors: 'native',
    inference: true,
    handler: async (exchange) => {
      const body = await readJsonObject(exchange.req, 'api.EmbedRequest', 'missing request body')
      const fields = new GoFields(body, 'EmbedRequest')
      const requested = fields.string('model')
      if (requested === '') throw embedModelErrors.missing
      const inputs = embedInputs(fields.raw('input'))
      const result = await embedTexts(exchange, {
        model: findModel(exchange.ctx, requested, embedModelErrors),
        inputs,
        keepAliveMs: parseKeepAlive(fields.raw('keep_alive')),
        normalise: true,
        dimensions: fields.integer('dimensions'),
        truncate: fields.bool('truncate') ?? true,
      })
      if (!result) return
      if (inputs.length === 0) return sendJson(exchange.res, 200, { model: requested, embeddings: [] })
      sendJson(exchange.res, 200, {
        model: requested,
        embeddings: result.vectors,
        total_duration: result.totalNs,
        load_duration: result.loadNs,
        prompt_eval_count: result.promptTokens,
      })
    },
  },
  {
    method: 'POST',
    path: '/api/embeddings',
    errors: 'native',
    inference: true,
    handler: async (exchange) => {
      const body = await readJsonObject(exchange.req, 'api.EmbeddingRequest', 'missing request body')
      const fields = new GoFields(body, 'EmbeddingRequest')
      const requested = fields.string('model')
      if (requested === '') throw new HttpError(400, 'model is required')
      const prompt = fields.string('prompt')
      const result = await embedTexts(exchange, {
        model: findModel(exchange.ctx, requested, embedModelErrors),
        inputs: prompt === '' ? [] : [prompt],
        keepAliveMs: parseKeepAlive(fields.raw('keep_alive')),
        normalise: false,
        truncate: true,
      })
      // No token counts here: the legacy endpoint never reported usage.
      if (result) sendJson(exchange.res, 200, { embedding: result.vectors[0] ?? [] })
    },
  },
]
