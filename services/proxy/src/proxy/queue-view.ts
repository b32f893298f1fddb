import type {
  Backend as BackendView,
  MyQueue,
  QueueSnapshot,
  RunningRequest,
  WaitingReason,
  WaitingRequest,
} from '@corral/contracts'
import type { Identity } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Scheduler } from '../scheduler/index.ts'
import type { RunningRequests } from './running-requests.ts'
import { presentWaitingReason } from './waiting-reason-text.ts'

interface Requester {
  username: string
  groupId: string | null
}

/** How long the waiting reasons of one snapshot serve the chat's once-a-second queue events. */
const reasonsTtlMs = 500

/**
 * The scheduler's snapshot in API form, with usernames, groups and backend names. Those come from the
 * identities of queued requests, remembered here, so a snapshot needs no database query.
 */
export class QueueView {
  private readonly requesters = new Map<string, Requester>()
  private reasons: { at: number; byId: Map<string, WaitingReason> } = { at: -Infinity, byId: new Map() }

  constructor(
    private readonly scheduler: Scheduler,
    private readonly registry: BackendRegistry,
    private readonly running: RunningRequests,
  ) {}

  remember(identity: Pick<Identity, 'userId' | 'username' | 'groupId'>): void {
    if (this.requesters.size > 100_000) this.requesters.clear()
    this.requesters.set(identity.userId, { username: identity.username, groupId: identity.groupId })
  }

  requester(userId: string): Requester {
    return this.requesters.get(userId) ?? { username: userId, groupId: null }
  }

  backendName(id: string): string {
    return this.registry.get(id)?.row.name ?? id
  }

  /**
   * Why one request waits, for the chat's queue events: from a snapshot at most half a second old, so
   * any number of waiting chats cost one O(n log n) snapshot per half second, not one each.
   */
  reasonOf(requestId: string): WaitingReason | undefined {
    const now = performance.now()
    const age = now - this.reasons.at
    if (age > reasonsTtlMs || (age > 100 && !this.reasons.byId.has(requestId))) {
      this.reasons = { at: now, byId: new Map(this.waiting().map((entry) => [entry.id, entry.reason])) }
    }
    return this.reasons.byId.get(requestId)
  }

  snapshot(): QueueSnapshot {
    const snapshot = this.scheduler.snapshot()
    const byPriority = new Map<number, number>()
    for (const entry of snapshot.waiting)
      byPriority.set(entry.priority, (byPriority.get(entry.priority) ?? 0) + 1)
    return {
      waiting: this.waiting(snapshot),
      running: this.runningRequests(snapshot),
      by_priority: [...byPriority]
        .sort((a, b) => b[0] - a[0])
        .map(([priority, waiting]) => ({ priority, waiting })),
      by_user: snapshot.users
        .filter((user) => user.waiting > 0 || user.running > 0)
        .map((user) => ({
          user_id: user.userId,
          username: this.requester(user.userId).username,
          waiting: user.waiting,
          running: user.running,
        })),
      backends: snapshot.backends.map((entry) => ({
        id: entry.id,
        name: this.backendName(entry.id),
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
      waiting: this.waiting(snapshot)
        .filter((entry) => entry.user_id === userId)
        .map((entry) => ({
          id: entry.id,
          model: entry.model,
          position: entry.position,
          estimated_wait_ms: entry.estimated_wait_ms,
          waited_ms: entry.waited_ms,
          reason: entry.reason,
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

  private waiting(snapshot = this.scheduler.snapshot()): WaitingRequest[] {
    const backendName = (id: string) => this.backendName(id)
    return snapshot.waiting.map((entry) => {
      const requester = this.requester(entry.userId)
      return {
        id: entry.id,
        user_id: entry.userId,
        username: requester.username,
        key_id: entry.keyId,
        group_id: requester.groupId,
        model: entry.model,
        priority: entry.priority,
        promoted_from: entry.promotedFrom,
        effective_priority: entry.effectivePriority,
        next_aging_ms: entry.nextAgingMs === null ? null : Math.round(entry.nextAgingMs),
        waited_ms: Math.round(entry.waitedMs),
        position: entry.position,
        model_position: entry.modelPosition,
        estimated_wait_ms: Math.round(entry.estimatedWaitMs),
        reason: presentWaitingReason(entry.reason, backendName),
      }
    })
  }

  private runningRequests(snapshot: ReturnType<Scheduler['snapshot']>): RunningRequest[] {
    const now = performance.now()
    return snapshot.running.map((entry) => {
      const requester = this.requester(entry.userId)
      const progress = this.running.get(entry.id)?.progress(now)
      return {
        id: entry.id,
        user_id: entry.userId,
        username: requester.username,
        key_id: entry.keyId,
        group_id: requester.groupId,
        model: entry.model,
        priority: entry.priority,
        backend_id: entry.backendId,
        running_ms: Math.round(entry.runningMs),
        time_to_first_token_ms: progress?.timeToFirstTokenMs ?? null,
        output_tokens: progress?.outputTokens ?? 0,
        tokens_per_second: progress?.tokensPerSecond ?? null,
      }
    })
  }
}
