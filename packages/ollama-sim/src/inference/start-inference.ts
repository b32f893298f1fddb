import type { Exchange } from '../http/exchange.ts'
import { send } from '../http/responses.ts'
import type { StoredModel } from '../models/model-store.ts'
import { rfc3339Nano } from '../text/timestamps.ts'
import { emptyMetrics, type GenerationJob, type OutputFormat } from './generation-types.ts'
import { InferenceSession } from './inference-session.ts'
import { runGeneration } from './run-generation.ts'

const generationFaults = ['busy', 'slow-first-byte', 'mid-stream-error', 'reset', 'eof', 'long-line'] as const
const loadFaults = ['busy', 'slow-first-byte'] as const

/** Queue, load, then stream the job: the common path of generate, chat and their `/v1` twins. */
export async function startGeneration(
  exchange: Exchange,
  model: StoredModel,
  keepAliveMs: number | undefined,
  job: GenerationJob,
  format: OutputFormat,
): Promise<void> {
  const session = await InferenceSession.open(exchange, {
    model,
    keepAliveMs,
    slot: true,
    faultKinds: generationFaults,
  })
  if (session) await runGeneration(exchange, session, job, format)
}

/** An empty prompt (or `messages: []`) only loads the model and says so, with `done_reason: "load"`. */
export async function answerLoad(
  exchange: Exchange,
  model: StoredModel,
  keepAliveMs: number | undefined,
  requested: string,
  format: OutputFormat,
): Promise<void> {
  const session = await InferenceSession.open(exchange, {
    model,
    keepAliveMs,
    slot: false,
    faultKinds: loadFaults,
  })
  if (!session) return
  sendLoadResponse(exchange, requested, 'load', format)
  session.finish('completed')
}

/** An empty prompt with `keep_alive: 0` unloads at once, without going through the scheduler. */
export function answerUnload(
  exchange: Exchange,
  model: StoredModel,
  requested: string,
  format: OutputFormat,
): void {
  exchange.ctx.loaded.unload(model)
  sendLoadResponse(exchange, requested, 'unload', format)
}

function sendLoadResponse(
  exchange: Exchange,
  requested: string,
  doneReason: string,
  format: OutputFormat,
): void {
  const { contentType, body } = format.load({
    model: requested,
    createdAt: rfc3339Nano(),
    doneReason,
    content: '',
    thinking: '',
    toolCalls: [],
    metrics: emptyMetrics(),
  })
  send(exchange.res, 200, contentType, body)
}
