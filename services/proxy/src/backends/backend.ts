import { Pool } from 'undici'
import type { CorralConfig } from '@corral/core'
import type { BackendState } from '../scheduler/index.ts'
import type { BackendRow } from './backends-repository.ts'
import { UpstreamSockets } from './upstream-sockets.ts'

/** A model entry exactly as the backend's `/api/tags` or `/api/ps` returned it. */
export type ModelEntry = Record<string, unknown> & { name: string; model?: string }

/**
 * One Ollama server: its settings, an undici connection pool, and what the health checker last saw.
 * The pool keeps connections open between requests, so proxied calls pay no connection setup.
 */
export class Backend {
  readonly pool: Pool
  readonly sockets = new UpstreamSockets()
  /** The URL's path, prepended to every API path (`http://host/ollama` → `/ollama/api/chat`). */
  readonly pathPrefix: string
  healthy = false
  lastError: string | null = null
  lastCheckedAt: Date | null = null
  version: string | null = null
  models = new Map<string, ModelEntry>()
  loaded = new Map<string, ModelEntry>()
  consecutiveFailures = 0

  constructor(
    public row: BackendRow,
    timeouts: CorralConfig['upstream'],
  ) {
    const url = new URL(row.url)
    this.pathPrefix = url.pathname.replace(/\/+$/, '')
    this.pool = new Pool(url.origin, {
      headersTimeout: timeouts.headersTimeoutMs,
      bodyTimeout: timeouts.bodyTimeoutMs,
      connect: this.sockets.connector(timeouts.connectTimeoutMs),
      keepAliveTimeout: 60_000,
      pipelining: 1,
    })
  }

  get id(): string {
    return this.row.id
  }

  get draining(): boolean {
    return this.row.state === 'draining'
  }

  /** What the scheduler needs to know; `models` is null until the first successful check. */
  schedulerState(): BackendState {
    return {
      id: this.row.id,
      slots: this.row.slots,
      healthy: this.healthy,
      draining: this.draining,
      models: this.lastCheckedAt && this.healthy ? new Set(this.models.keys()) : null,
      loadedModels: new Set(this.loaded.keys()),
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
