import type { Backend as BackendView, MyQueue, QueueSnapshot } from '@corral/contracts'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Scheduler } from '../scheduler/index.ts'

/**
 * The scheduler's snapshot in API form, with usernames and backend names. Usernames come from the
 * identities of queued requests, remembered here, so a snapshot needs no database query.
 */
export class QueueView {
  private readonly usernames = new Map<string, string>()

  constructor(
    private readonly scheduler: Scheduler,
    private readonly registry: BackendRegistry,
  ) {}

  remember(userId: string, username: string): void {
    if (this.usernames.size > 100_000) this.usernames.clear()
    this.usernames.set(userId, username)
  }

  snapshot(): QueueSnapshot {
    const snapshot = this.scheduler.snapshot()
    const name = (userId: string) => this.usernames.get(userId) ?? userId
    const byPriority = new Map<number, number>()
    for (const entry of snapshot.waiting)
      byPriority.set(entry.priority, (byPriority.get(entry.priority) ?? 0) + 1)
    return {
      waiting: snapshot.waiting.map((entry) => ({
        id: entry.id,
        user_id: entry.userId,
        username: name(entry.userId),
        key_id: entry.keyId,
        model: entry.model,
        priority: entry.priority,
        effective_priority: entry.effectivePriority,
        waited_ms: Math.round(entry.waitedMs),
        position: entry.position,
      })),
      running: snapshot.running.map((entry) => ({
        id: entry.id,
        user_id: entry.userId,
        username: name(entry.userId),
        model: entry.model,
        backend_id: entry.backendId,
        running_ms: Math.round(entry.runningMs),
      })),
      by_priority: [...byPriority]
        .sort((a, b) => b[0] - a[0])
        .map(([priority, waiting]) => ({ priority, waiting })),
      by_user: snapshot.users
        .filter((user) => user.waiting > 0 || user.running > 0)
        .map((user) => ({
          user_id: user.userId,
          username: name(user.userId),
          waiting: user.waiting,
          running: user.running,
        })),
      backends: snapshot.backends.map((entry) => ({
        id: entry.id,
        name: this.registry.get(entry.id)?.row.name ?? entry.id,
        slots: entry.slots,
        busy: entry.busy,
        healthy: entry.healthy,
        draining: entry.draining,
      })),
    }
  }

  forUser(userId: string): MyQueue {
    const snapshot = this.scheduler.snapshot()
    return {
      waiting: snapshot.waiting
        .filter((entry) => entry.userId === userId)
        .map((entry) => ({
          id: entry.id,
          model: entry.model,
          position: entry.position,
          estimated_wait_ms: Math.round(this.scheduler.estimatedWaitMs(entry.id) ?? 0),
          waited_ms: Math.round(entry.waitedMs),
        })),
      running: snapshot.running
        .filter((entry) => entry.userId === userId)
        .map((entry) => ({ id: entry.id, model: entry.model, running_ms: Math.round(entry.runningMs) })),
    }
  }

  presentBackend(backend: Backend): BackendView {
    const busy = this.scheduler.snapshot().backends.find((entry) => entry.id === backend.id)?.busy ?? 0
    return {
      id: backend.id,
      name: backend.row.name,
      url: backend.row.url,
      slots: backend.row.slots,
      busy,
      state: backend.row.state,
      healthy: backend.healthy,
      last_error: backend.lastError,
      last_checked_at: backend.lastCheckedAt?.toISOString() ?? null,
      version: backend.version,
      models: [...backend.models.keys()],
      loaded_models: [...backend.loaded.keys()],
      source: backend.row.source,
    }
  }
}
