import type { BackendState } from './types.ts'

/** A backend as the scheduler tracks it: the caller's state plus the slots it has handed out. */
export interface Backend {
  readonly id: string
  slots: number
  busy: number
  /** Busy slot-milliseconds up to `busyChangedMs` (see busy-time.ts). */
  busyMs: number
  busyChangedMs: number
  healthy: boolean
  draining: boolean
  models: ReadonlySet<string> | null
  loadedModels: Set<string>
}

/**
 * The backends, in the order they were added (the stable last tie-break when choosing one). A removed
 * backend's object lives on in the leases still running on it, but is no longer counted anywhere.
 */
export class BackendPool {
  private readonly backends = new Map<string, Backend>()
  // Models some backend lists, healthy or not. A model nobody lists may run anywhere, so the upstream
  // answers its own "model not found", passed through unchanged.
  private listed = new Set<string>()

  set(state: BackendState): void {
    if (!Number.isInteger(state.slots) || state.slots < 0) {
      throw new RangeError(`backend ${state.id}: slots must be a non-negative integer, got ${state.slots}`)
    }
    const backend = this.backends.get(state.id)
    // Copies, so a caller mutating its sets later cannot change eligibility behind the scheduler's back.
    const fields = {
      slots: state.slots,
      healthy: state.healthy,
      draining: state.draining,
      models: state.models && new Set(state.models),
      loadedModels: new Set(state.loadedModels),
    }
    if (backend) Object.assign(backend, fields)
    else this.backends.set(state.id, { id: state.id, busy: 0, busyMs: 0, busyChangedMs: 0, ...fields })
    this.relist()
  }

  remove(id: string): void {
    if (this.backends.delete(id)) this.relist()
  }

  [Symbol.iterator](): MapIterator<Backend> {
    return this.backends.values()
  }

  /** Whether a request for `model` may run on the backend, free slot or not. */
  serves(backend: Backend, model: string): boolean {
    if (!backend.healthy || backend.draining) return false
    return backend.models === null || backend.models.has(model) || !this.listed.has(model)
  }

  hasFreeSlot(): boolean {
    for (const backend of this.backends.values()) {
      if (backend.busy < backend.slots && backend.healthy && !backend.draining) return true
    }
    return false
  }

  /** Where a request for `model` should run now: loaded there, then most free slots, then oldest backend. */
  choose(model: string): Backend | undefined {
    let best: Backend | undefined
    let bestLoaded = false
    let bestFree = 0
    for (const backend of this.backends.values()) {
      const free = backend.slots - backend.busy
      if (free <= 0 || !this.serves(backend, model)) continue
      const loaded = backend.loadedModels.has(model)
      if (!best || (loaded && !bestLoaded) || (loaded === bestLoaded && free > bestFree)) {
        best = backend
        bestLoaded = loaded
        bestFree = free
      }
    }
    return best
  }

  /** Slots, busy or not, that could serve `model`; without a model, every slot taking new requests. */
  slotsFor(model?: string): number {
    let slots = 0
    for (const backend of this.backends.values()) {
      if (model === undefined ? backend.healthy && !backend.draining : this.serves(backend, model)) {
        slots += backend.slots
      }
    }
    return slots
  }

  private relist(): void {
    this.listed = new Set()
    for (const backend of this.backends.values()) {
      for (const model of backend.models ?? []) this.listed.add(model)
    }
  }
}
