import type { Logger } from 'pino'
import { normalizeModelName } from '@corral/core'
import type { Backend, ModelEntry } from './backend.ts'
import { upstreamJson } from './upstream-json.ts'

const healthyIntervalMs = 5_000
const minBackoffMs = 1_000
const maxBackoffMs = 30_000

interface ModelList {
  models?: ModelEntry[] | null
}

/**
 * Polls each backend's `/api/version`, `/api/tags` and `/api/ps`: every few seconds while healthy,
 * with exponential backoff while not. `onChange` is told after every check, so the scheduler always
 * routes by what the backends actually have and have loaded.
 */
export class HealthChecker {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private stopped = false

  constructor(
    private readonly logger: Logger,
    private readonly onChange: (backend: Backend) => void,
  ) {}

  watch(backend: Backend): Promise<void> {
    return this.check(backend)
  }

  unwatch(backendId: string): void {
    clearTimeout(this.timers.get(backendId))
    this.timers.delete(backendId)
  }

  /** Checks now (after a failed request, or after a pull changed the model list). */
  check(backend: Backend): Promise<void> {
    this.unwatch(backend.id)
    return this.run(backend)
  }

  stop(): void {
    this.stopped = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private async run(backend: Backend): Promise<void> {
    try {
      const [version, tags, ps] = await Promise.all([
        upstreamJson<{ version?: string }>(backend, 'GET', '/api/version'),
        upstreamJson<ModelList>(backend, 'GET', '/api/tags'),
        upstreamJson<ModelList>(backend, 'GET', '/api/ps'),
      ])
      if (tags.status !== 200) throw new Error(`/api/tags answered ${tags.status}`)
      backend.version = version.body?.version ?? null
      backend.models = byName(tags.body?.models)
      backend.loaded = byName(ps.body?.models)
      if (!backend.healthy) this.logger.info({ backend: backend.row.url }, 'backend is healthy')
      backend.healthy = true
      backend.lastError = null
      backend.consecutiveFailures = 0
    } catch (error) {
      if (backend.healthy || backend.consecutiveFailures === 0) {
        this.logger.warn(
          { backend: backend.row.url, err: (error as Error).message },
          'backend is unreachable',
        )
      }
      backend.healthy = false
      backend.lastError = (error as Error).message
      backend.consecutiveFailures++
    }
    backend.lastCheckedAt = new Date()
    this.onChange(backend)
    this.schedule(backend)
  }

  private schedule(backend: Backend): void {
    if (this.stopped) return
    const delay = backend.healthy
      ? healthyIntervalMs
      : Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(backend.consecutiveFailures - 1, 10))
    const timer = setTimeout(() => void this.run(backend), delay)
    timer.unref()
    this.timers.set(backend.id, timer)
  }
}

function byName(models: ModelEntry[] | null | undefined): Map<string, ModelEntry> {
  const map = new Map<string, ModelEntry>()
  for (const entry of models ?? []) {
    const name = entry.model ?? entry.name
    if (typeof name === 'string') map.set(normalizeModelName(name), entry)
  }
  return map
}
