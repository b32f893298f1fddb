import type { HealthCheck } from '@corral/contracts'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'

/** About five minutes of checks of a healthy backend (one every 5 s), longer of a failing one (backoff). */
const kept = 60

/**
 * The last health checks of every backend, newest first. In memory on purpose: it is for "what has
 * this backend been doing lately", and a restart starts it afresh (the metrics keep the long view).
 */
export class BackendHealthHistory {
  private readonly checks = new Map<string, HealthCheck[]>()
  private readonly stop: () => void

  constructor(registry: BackendRegistry) {
    for (const backend of registry.list()) this.record(backend)
    this.stop = registry.onCheck((backend) => this.record(backend))
  }

  of(backendId: string): HealthCheck[] {
    return this.checks.get(backendId) ?? []
  }

  close(): void {
    this.stop()
  }

  private record(backend: Backend): void {
    if (!backend.lastCheckedAt) return
    const list = this.checks.get(backend.id) ?? []
    const at = backend.lastCheckedAt.toISOString()
    if (list[0]?.at === at) return
    list.unshift({ at, healthy: backend.healthy, error: backend.lastError })
    if (list.length > kept) list.length = kept
    this.checks.set(backend.id, list)
  }
}
