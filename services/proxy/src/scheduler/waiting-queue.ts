import { LinkedFifo } from './linked-fifo.ts'
import type { ScheduledRequest } from './scheduled-request.ts'

/** The waiting requests of one user for one model at one base priority, in arrival order. */
export class RequestFifo extends LinkedFifo<ScheduledRequest> {
  constructor(
    readonly modelQueue: ModelQueue,
    readonly key: string,
  ) {
    super()
  }
}

/** Every non-empty FIFO of one model. */
export interface ModelQueue {
  readonly model: string
  readonly fifos: Map<string, RequestFifo>
}

const precedes = (a: ScheduledRequest, b: ScheduledRequest): boolean => a.seq < b.seq

/**
 * All waiting requests, kept as one FIFO per (model, user, base priority), grouped by model. Inside a FIFO
 * the user (so the virtual counter), the model (so the eligible backends) and the base priority are
 * shared and the head is the oldest, so the head ranks at least as high as everything behind it: the
 * best request that can run is always a head. Empty FIFOs and models are dropped at once, so memory
 * follows what is waiting.
 */
export class WaitingQueue {
  private readonly byModel = new Map<string, ModelQueue>()
  private count = 0

  get size(): number {
    return this.count
  }

  models(): MapIterator<ModelQueue> {
    return this.byModel.values()
  }

  *fifos(): Generator<RequestFifo> {
    for (const modelQueue of this.byModel.values()) yield* modelQueue.fifos.values()
  }

  /** Whether a request would be the first of its FIFO, that is, a candidate for dispatch at once. */
  wouldLead(request: Pick<ScheduledRequest, 'model' | 'userId' | 'priority'>): boolean {
    return !this.byModel.get(request.model)?.fifos.has(fifoKey(request))
  }

  add(request: ScheduledRequest): void {
    this.fifoFor(request).push(request)
    this.count++
  }

  /** Puts a requeued request back in front of every request of its FIFO that arrived after it. */
  restore(request: ScheduledRequest): void {
    this.fifoFor(request).insertOrdered(request, precedes)
    this.count++
  }

  remove(request: ScheduledRequest): void {
    const fifo = request.fifo
    if (!fifo) return
    fifo.remove(request)
    request.fifo = null
    this.count--
    if (fifo.size > 0) return
    const { modelQueue } = fifo
    modelQueue.fifos.delete(fifo.key)
    if (modelQueue.fifos.size === 0) this.byModel.delete(modelQueue.model)
  }

  private fifoFor(request: ScheduledRequest): RequestFifo {
    let modelQueue = this.byModel.get(request.model)
    if (!modelQueue) {
      modelQueue = { model: request.model, fifos: new Map() }
      this.byModel.set(request.model, modelQueue)
    }
    const key = fifoKey(request)
    let fifo = modelQueue.fifos.get(key)
    if (!fifo) {
      fifo = new RequestFifo(modelQueue, key)
      modelQueue.fifos.set(key, fifo)
    }
    request.fifo = fifo
    return fifo
  }
}

function fifoKey(request: Pick<ScheduledRequest, 'userId' | 'priority'>): string {
  return `${request.priority}\u0000${request.userId}`
}
