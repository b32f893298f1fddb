import type { Logger } from 'pino'
import type { Actor, CorralConfig, UsersClient } from '@corral/core'
import { Errors, normalizeHttpUrl, withRetryAfter } from '@corral/core'
import type { BackendEvents } from '../events/backend-events.ts'
import type { Scheduler } from '../scheduler/index.ts'
import { Backend, type ModelEntry } from './backend.ts'
import type { BackendsRepository } from './backends-repository.ts'
import { HealthChecker } from './health-checker.ts'

/**
 * The Ollama backends at run time: loaded from the database (those of CORRAL_OLLAMA_URLS are created
 * at start, and those it no longer names removed), health-checked, and mirrored into the scheduler. Admins add, drain, resize and remove
 * them without a restart.
 */
export class BackendRegistry {
  private readonly backends = new Map<string, Backend>()
  private readonly health: HealthChecker
  private readonly checkListeners = new Set<(backend: Backend) => void>()
  private readonly listeners: (() => void)[] = []
  private readonly lastRecheck = new Map<string, { at: number; done: Promise<void> }>()

  constructor(
    private readonly repository: BackendsRepository,
    private readonly scheduler: Scheduler,
    private readonly config: CorralConfig,
    private readonly users: UsersClient,
    private readonly logger: Logger,
    private readonly events: BackendEvents,
  ) {
    this.health = new HealthChecker(logger, (backend) => {
      this.publish(backend)
      this.events.health(backend)
      for (const listener of this.checkListeners) listener(backend)
    })
  }

  /** Told after every health check of every backend (the admin API keeps a short history). */
  onCheck(listener: (backend: Backend) => void): () => void {
    this.checkListeners.add(listener)
    return () => this.checkListeners.delete(listener)
  }

  async start(): Promise<void> {
    const removed = await this.repository.removeUndeclared(this.config.ollamaUrls)
    if (removed.length > 0)
      this.logger.info(
        { backends: removed.map((row) => row.url) },
        'backends no longer in CORRAL_OLLAMA_URLS were removed',
      )
    for (const url of this.config.ollamaUrls)
      await this.repository.ensureFromEnvironment(url, this.config.ollamaSlots)
    const rows = await this.repository.list()
    for (const row of rows) this.backends.set(row.id, new Backend(row, this.config.upstream))
    // The first checks run before start() returns, so the first request already knows the models.
    await Promise.all([...this.backends.values()].map((backend) => this.health.watch(backend)))
    if (this.healthy().length === 0) {
      this.logger.error(
        { backends: this.list().map((backend) => ({ url: backend.row.url, error: backend.lastError })) },
        `${this.outageMessage()}: inference requests are refused with 503 until one answers (checked every few seconds)`,
      )
    }
  }

  /** Told after every change the scheduler is told of (health checks, drains, resizes, removals). */
  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /**
   * Checks the unhealthy backends now rather than at their next backed-off check, since a request
   * waits for one of them to come back; a backend checked less than `minIntervalMs` ago is not
   * checked again (thousands of waiting requests make one check, not thousands).
   */
  recheckUnhealthy(minIntervalMs = 1000): Promise<void> {
    const now = performance.now()
    const checks: Promise<void>[] = []
    for (const backend of this.backends.values()) {
      if (backend.healthy) continue
      const last = this.lastRecheck.get(backend.id)
      if (last && now - last.at < minIntervalMs) {
        checks.push(last.done)
        continue
      }
      const done = this.health.check(backend)
      this.lastRecheck.set(backend.id, { at: now, done })
      checks.push(done)
    }
    return Promise.all(checks).then(() => undefined)
  }

  /** 503 `CORRAL_ERR_NO_BACKEND` with `Retry-After`: health checks notice a backend back within seconds. */
  noBackendError(model?: string): Error {
    return withRetryAfter(new Errors.noBackend(`${this.outageMessage(model)}. Try again shortly.`), 10)
  }

  /** What a client is told when no healthy backend can take its request (the chat app shows it). */
  outageMessage(model?: string): string {
    const total = this.backends.size
    if (total === 0) return 'No Ollama backend is configured'
    const healthy = this.healthy().length
    if (healthy === 0 || model === undefined)
      return `The Ollama backends are down: none of the ${total} configured answers`
    return `No Ollama backend that serves "${model}" is up: its backends are down or draining`
  }

  async stop(): Promise<void> {
    this.health.stop()
    await Promise.all([...this.backends.values()].map((backend) => backend.close()))
  }

  list(): Backend[] {
    return [...this.backends.values()]
  }

  get(id: string): Backend | undefined {
    return this.backends.get(id)
  }

  require(id: string): Backend {
    const backend = this.backends.get(id)
    if (!backend) throw new Errors.notFound('No such backend')
    return backend
  }

  healthy(): Backend[] {
    return this.list().filter((backend) => backend.healthy)
  }

  /** Healthy backends that list the model, or every healthy backend when none does. */
  forModel(model: string): Backend[] {
    const healthy = this.healthy()
    const having = healthy.filter((backend) => backend.models.has(model))
    return having.length > 0 ? having : healthy
  }

  /** The union of the backends' models, first backend's entry winning for duplicates. */
  modelUnion(kind: 'models' | 'loaded'): ModelEntry[] {
    const union = new Map<string, ModelEntry>()
    for (const backend of this.healthy()) {
      for (const [name, entry] of backend[kind]) if (!union.has(name)) union.set(name, entry)
    }
    return [...union.values()]
  }

  /** Re-reads a backend's models now (after a failure, or after a pull or delete). */
  refresh(backend: Backend): Promise<void> {
    return this.health.check(backend)
  }

  markFailed(backend: Backend, reason: string): void {
    backend.healthy = false
    backend.lastError = reason
    backend.consecutiveFailures = Math.max(1, backend.consecutiveFailures)
    this.publish(backend)
    this.events.health(backend)
    void this.health.check(backend)
  }

  async add(actor: Actor, input: { url: string; name?: string; slots?: number }): Promise<Backend> {
    const url = normalizeHttpUrl(input.url)
    if (!url) throw new Errors.validation(`"${input.url}" is not an http(s) URL`)
    if (await this.repository.findByUrl(url)) throw new Errors.conflict('That backend is already registered')
    const row = await this.repository.insert({
      url,
      name: input.name || new URL(url).host,
      slots: input.slots ?? this.config.ollamaSlots,
      source: 'admin',
    })
    const backend = new Backend(row, this.config.upstream)
    this.backends.set(row.id, backend)
    this.events.added(backend)
    await this.health.watch(backend)
    await this.audit(
      actor,
      'backend.add',
      backend,
      { url },
      {
        before: null,
        after: { name: row.name, url: row.url, slots: row.slots, state: row.state },
      },
    )
    return backend
  }

  async update(
    actor: Actor,
    id: string,
    input: { name?: string; url?: string; slots?: number; state?: 'active' | 'draining' },
  ): Promise<Backend> {
    const backend = this.require(id)
    const before = {
      name: backend.row.name,
      url: backend.row.url,
      slots: backend.row.slots,
      state: backend.row.state,
    }
    const url = input.url === undefined ? undefined : (normalizeHttpUrl(input.url) ?? null)
    if (url === null) throw new Errors.validation(`"${input.url}" is not an http(s) URL`)
    if (url && url !== backend.row.url && (await this.repository.findByUrl(url)))
      throw new Errors.conflict('That backend is already registered')
    const row = await this.repository.update(id, { ...input, ...(url ? { url } : {}) })
    if (!row) throw new Errors.notFound('No such backend')
    let current = backend
    if (url && url !== before.url) {
      // A new address needs a new connection pool; requests running on the old one finish there.
      current = new Backend(row, this.config.upstream)
      this.backends.set(id, current)
      void backend.close().catch(() => undefined)
      await this.health.watch(current)
    } else backend.row = row
    this.publish(current)
    this.events.updated(current, before)
    const after = { name: row.name, url: row.url, slots: row.slots, state: row.state }
    await this.audit(actor, 'backend.update', current, { ...input }, changed(before, after))
    return current
  }

  /** Removes a backend; requests running on it finish (their leases stay valid), nothing new starts. */
  async remove(actor: Actor, id: string): Promise<void> {
    const backend = this.require(id)
    await this.repository.delete(id)
    this.backends.delete(id)
    this.health.unwatch(id)
    this.scheduler.removeBackend(id)
    for (const listener of this.listeners) listener()
    this.events.removed(backend)
    await this.audit(
      actor,
      'backend.remove',
      backend,
      { url: backend.row.url },
      {
        before: { name: backend.row.name, url: backend.row.url, slots: backend.row.slots },
        after: null,
      },
    )
    // Let running streams end on their own; the pool closes once they have.
    void backend.close().catch(() => undefined)
  }

  private publish(backend: Backend): void {
    this.scheduler.setBackend(backend.schedulerState())
    for (const listener of this.listeners) listener()
  }

  private audit(
    actor: Actor,
    action: string,
    backend: Backend,
    details: Record<string, unknown>,
    change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  ): Promise<void> {
    return this.users.audit({
      ...change,
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action,
      targetType: 'backend',
      targetId: backend.id,
      details,
      ip: actor.ip,
    })
  }
}

/** Only the fields whose value differs, before and after (for the audit log). */
function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = Object.keys(after).filter((key) => before[key] !== after[key])
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])),
    after: Object.fromEntries(keys.map((key) => [key, after[key]])),
  }
}
