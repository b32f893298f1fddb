import type { FaultKind } from '../faults.ts'
import type { Exchange } from '../http/exchange.ts'
import { busyMessage, HttpError } from '../http/http-error.ts'
import type { StoredModel } from '../models/model-store.ts'
import { sleep, untilAborted } from '../scheduling/sleep.ts'
import { lower, raise } from '../stats.ts'
import type { InferenceEndEvent, InferenceOutcome, InferenceStartEvent, SimFault } from '../types.ts'

export type StreamFault = Extract<SimFault, { kind: 'mid-stream-error' | 'reset' | 'eof' | 'long-line' }>

export interface SessionOptions {
  model: StoredModel
  keepAliveMs: number | undefined
  /** Load requests (empty prompt) only wait for the model; they take no parallel slot, as in Ollama. */
  slot: boolean
  faultKinds: readonly FaultKind[]
}

/**
 * One inference request's way through Ollama's scheduler: injected busy faults, the max-queue check, a
 * parallel slot, the model load and an injected slow first byte. After `open` succeeds, `finish` must be
 * called exactly once; it frees the slot and reports the outcome.
 */
export class InferenceSession {
  readonly loadedNs: bigint
  private finished = false

  private constructor(
    private readonly exchange: Exchange,
    private readonly options: SessionOptions,
    readonly streamFault: StreamFault | undefined,
  ) {
    this.loadedNs = process.hrtime.bigint()
  }

  /** Undefined when the client left while waiting; a busy server throws a 503 `HttpError`. */
  static async open(exchange: Exchange, options: SessionOptions): Promise<InferenceSession | undefined> {
    const { ctx, signal } = exchange
    const { model } = options
    const fault = ctx.faults.takeForModel(model.name.key, options.faultKinds)
    if (fault?.kind === 'busy') throw new HttpError(503, busyMessage)
    if (options.slot) {
      const slot = await ctx.scheduler.acquire(model.name.key, signal)
      if (slot === 'busy') throw new HttpError(503, busyMessage)
      if (slot === 'aborted') {
        ctx.stats.aborted++
        return undefined
      }
      raise(ctx.stats, 'running')
      if (ctx.events.listenerCount('inference-start') > 0) {
        const event: InferenceStartEvent = { id: exchange.id, model: model.name.display }
        ctx.events.emit('inference-start', event)
      }
    }
    const loading = ctx.loaded.use(model)
    const loaded = await untilAborted(loading, signal)
    const streamFault = fault?.kind === 'slow-first-byte' ? undefined : fault
    const session = new InferenceSession(exchange, options, streamFault)
    if (!loaded) return session.abandon()
    if (fault?.kind === 'slow-first-byte' && !(await sleep(fault.delayMs, signal))) return session.abandon()
    return session
  }

  finish(outcome: InferenceOutcome): void {
    if (this.finished) return
    this.finished = true
    const { ctx, id, abortedAt } = this.exchange
    const { model } = this.options
    ctx.loaded.release(model, this.options.keepAliveMs)
    if (outcome === 'aborted') ctx.stats.aborted++
    if (outcome === 'completed') ctx.stats.completed++
    if (!this.options.slot) return
    ctx.scheduler.release(model.name.key)
    lower(ctx.stats, 'running')
    if (ctx.events.listenerCount('inference-end') > 0) {
      const at = outcome === 'aborted' && abortedAt !== undefined ? abortedAt : performance.now()
      const event: InferenceEndEvent = {
        id,
        model: model.name.display,
        aborted: outcome === 'aborted',
        outcome,
        at,
      }
      ctx.events.emit('inference-end', event)
    }
  }

  private abandon(): undefined {
    this.finish('aborted')
    return undefined
  }
}
