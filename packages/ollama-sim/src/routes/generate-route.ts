import { nativeGenerateFormat } from '../formats/native-generate-format.ts'
import type { Exchange } from '../http/exchange.ts'
import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { findModel, generateModelErrors, hasCapability, thinkingEnabled } from '../inference/find-model.ts'
import type { OutputFormat } from '../inference/generation-types.ts'
import { planPieces } from '../inference/plan-pieces.ts'
import { outputLength, parseKeepAlive, parseThink } from '../inference/request-options.ts'
import { answerLoad, answerUnload, startGeneration } from '../inference/start-inference.ts'
import { countTokens } from '../text/tokens.ts'

/** `POST /api/generate`, with `GenerateHandler`'s checks in its order (reference §3.6). */
export const generateRoute: Route = {
  method: 'POST',
  path: '/api/generate',
  errors: 'native',
  inference: true,
  handler: async (exchange) => {
    const body = await readJsonObject(exchange.req, 'api.GenerateRequest', 'missing request body')
    await generate(exchange, new GoFields(body, 'GenerateRequest'), nativeGenerateFormat)
  },
}

export type GenerateFormatFactory = (requested: string) => OutputFormat

/** Shared with `/v1/completions`, which Ollama turns into a generate request. */
export async function generate(
  exchange: Exchange,
  fields: GoFields,
  formatFor: GenerateFormatFactory,
): Promise<void> {
  const { ctx } = exchange
  const requested = fields.string('model')
  const prompt = fields.string('prompt')
  const system = fields.string('system')
  const raw = fields.bool('raw') ?? false
  const stream = fields.bool('stream') ?? true
  const options = fields.object('options', 'map[string]interface {}')
  const keepAliveMs = parseKeepAlive(fields.raw('keep_alive'))
  const think = parseThink(fields.raw('think'))
  const topLogprobs = fields.integer('top_logprobs') ?? 0
  if (topLogprobs < 0 || topLogprobs > 20) throw new HttpError(400, 'top_logprobs must be between 0 and 20')

  const model = findModel(ctx, requested, generateModelErrors)
  const format = formatFor(requested)
  if (prompt === '' && keepAliveMs === 0) return answerUnload(exchange, model, requested, format)
  if (
    raw &&
    (fields.string('template') !== '' || system !== '' || fields.array('context', 'int').length > 0)
  ) {
    throw new HttpError(400, 'raw mode does not support template, system, or context')
  }
  const thinking = thinkingEnabled(model, think, requested)
  if (!hasCapability(model, 'completion'))
    throw new HttpError(400, `${JSON.stringify(requested)} does not support generate`)
  if (fields.string('suffix') !== '') throw new HttpError(400, `${model.name.full} does not support insert`)
  if (prompt === '') return answerLoad(exchange, model, keepAliveMs, requested, format)

  const { tokens, doneReason } = outputLength(options, ctx.options.responseTokens)
  const pieces = planPieces({ seed: prompt, outputTokens: tokens, thinking, format: fields.raw('format') })
  const job = {
    requestedModel: requested,
    stream,
    pieces,
    doneReason,
    promptTokens: countTokens(system + prompt),
    withContext: !raw,
  }
  await startGeneration(exchange, model, keepAliveMs, job, format)
}
