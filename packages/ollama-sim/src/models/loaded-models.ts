import { sleep } from '../scheduling/sleep.ts'
import type { StoredModel } from './model-store.ts'

/** What Ollama reports for `expires_at` when `keep_alive` is negative ("forever"): now plus Go's max duration. */
const foreverMs = 292 * 365 * 24 * 3_600_000

interface LoadedModel {
  model: StoredModel
  loading?: Promise<void>
  /** Requests using the model right now; a model in use never expires. */
  active: number
  expiresAtMs: number
}

export interface LoadedModelView {
  model: StoredModel
  expiresAtMs: number
}

/** The runners `/api/ps` lists; the first request for a model that is not loaded pays `loadDelayMs`. */
export class LoadedModels {
  private readonly loaded = new Map<string, LoadedModel>()

  constructor(
    private readonly loadDelayMs: () => number,
    private readonly defaultKeepAliveMs: () => number,
  ) {}

  /**
   * Marks the model in use, loading it first if needed. Resolves with whether it had to load. The load
   * itself is not cancelled when a client leaves, as in Ollama: the next request finds the model loaded.
   */
  async use(model: StoredModel): Promise<boolean> {
    let entry = this.current(model)
    const mustLoad = entry === undefined
    if (!entry) {
      entry = { model, active: 0, expiresAtMs: 0 }
      const created = entry
      created.loading = sleep(this.loadDelayMs()).then(() => {
        created.loading = undefined
      })
      this.loaded.set(model.name.key, entry)
    }
    entry.active++
    if (entry.loading) await entry.loading
    return mustLoad
  }

  /** Ends one use; `keepAliveMs` follows Ollama: 0 unloads now, negative keeps the model forever. */
  release(model: StoredModel, keepAliveMs: number | undefined): void {
    const entry = this.loaded.get(model.name.key)
    if (!entry) return
    entry.active = Math.max(0, entry.active - 1)
    this.setKeepAlive(entry, keepAliveMs ?? this.defaultKeepAliveMs())
  }

  unload(model: StoredModel): void {
    this.loaded.delete(model.name.key)
  }

  isLoaded(model: StoredModel): boolean {
    const entry = this.current(model)
    return entry !== undefined && entry.loading === undefined
  }

  /** Latest expiry first, like `/api/ps`. */
  list(): LoadedModelView[] {
    const now = Date.now()
    const views: LoadedModelView[] = []
    for (const entry of this.loaded.values()) {
      if (!this.current(entry.model) || entry.loading) continue
      const expiresAtMs = entry.active > 0 ? now + this.defaultKeepAliveMs() : entry.expiresAtMs
      views.push({ model: entry.model, expiresAtMs })
    }
    return views.sort((a, b) => b.expiresAtMs - a.expiresAtMs)
  }

  private setKeepAlive(entry: LoadedModel, keepAliveMs: number): void {
    if (keepAliveMs === 0 && entry.active === 0) this.loaded.delete(entry.model.name.key)
    entry.expiresAtMs = Date.now() + (keepAliveMs < 0 ? foreverMs : keepAliveMs)
  }

  /** The entry if the model is loaded (or loading) and has not expired; expired entries are dropped lazily. */
  private current(model: StoredModel): LoadedModel | undefined {
    const entry = this.loaded.get(model.name.key)
    if (!entry) return undefined
    if (entry.active === 0 && !entry.loading && entry.expiresAtMs <= Date.now()) {
      this.loaded.delete(model.name.key)
      return undefined
    }
    return entry
  }
}
