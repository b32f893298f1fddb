import type { Exchange } from '../http/exchange.ts'
import { HttpError } from '../http/http-error.ts'
import type { StoredModel } from '../models/model-store.ts'
import { sleep } from '../scheduling/sleep.ts'
import { simEmbedding } from '../text/embeddings.ts'
import { countTokens } from '../text/tokens.ts'
import { InferenceSession } from './inference-session.ts'

export interface EmbedRequest {
  model: StoredModel
  inputs: string[]
  keepAliveMs: number | undefined
  /** `/api/embed` normalises vectors; the legacy `/api/embeddings` does not. */
  normalise: boolean
  dimensions?: number
  /** With `truncate: false` Ollama refuses inputs longer than the context instead of cutting them. */
  truncate: boolean
}

export interface EmbedResult {
  vectors: number[][]
  promptTokens: number
  totalNs: number
  loadNs: number
}

const embedFaults = ['busy', 'slow-first-byte'] as const

/** Embeds like a runner would: through the scheduler (a parallel slot, the model load), then one compute step. */
export async function embedTexts(
  exchange: Exchange,
  request: EmbedRequest,
): Promise<EmbedResult | undefined> {
  const { model, inputs } = request
  const tokenCounts = inputs.map(countTokens)
  if (!request.truncate && tokenCounts.some((count) => count > model.spec.contextLength)) {
    throw new HttpError(400, 'the input length exceeds the context length')
  }
  const session = await InferenceSession.open(exchange, {
    model,
    keepAliveMs: request.keepAliveMs,
    slot: true,
    faultKinds: embedFaults,
  })
  if (!session) return undefined
  if (inputs.length > 0 && !(await sleep(exchange.ctx.options.tokenIntervalMs, exchange.signal))) {
    session.finish('aborted')
    return undefined
  }
  const length = Math.min(request.dimensions || model.spec.embeddingLength, model.spec.embeddingLength)
  const vectors = inputs.map((input) => simEmbedding(input, length, request.normalise))
  session.finish('completed')
  const now = process.hrtime.bigint()
  return {
    vectors,
    promptTokens: inputs.length === 0 ? 0 : tokenCounts.reduce((sum, count) => sum + count, 0),
    totalNs: Math.max(1, Number(now - exchange.startedNs)),
    loadNs: Math.max(1, Number(session.loadedNs - exchange.startedNs)),
  }
}

/** `/api/embed` and `/v1/embeddings` accept a string or an array of strings. */
export function embedInputs(input: unknown): string[] {
  if (input === undefined || input === null) return []
  if (typeof input === 'string') return input === '' ? [] : [input]
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input
  throw new HttpError(400, 'invalid input type')
}
