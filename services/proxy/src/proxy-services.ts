import type { Logger } from 'pino'
import type {
  ChangeBus,
  CorralConfig,
  CorralMetrics,
  Database,
  EventBus,
  ProxyClient,
  Settings,
  UsersClient,
} from '@corral/core'
import { BackendRegistry } from './backends/backend-registry.ts'
import { BackendsRepository } from './backends/backends-repository.ts'
import { BackendEvents } from './events/backend-events.ts'
import { LimitEvents } from './events/limit-events.ts'
import { PullEvents } from './events/pull-events.ts'
import { RequestEvents } from './events/request-events.ts'
import { BackendOutages } from './proxy/backend-outages.ts'
import { BodyBudget } from './proxy/body-budget.ts'
import { Catalog } from './proxy/catalog.ts'
import { ChatRunner } from './proxy/chat-runner.ts'
import { InferenceHandler } from './proxy/inference-handler.ts'
import { InferenceQueue } from './proxy/inference-queue.ts'
import { InferenceStarter } from './proxy/inference-starter.ts'
import { ModelManagement } from './proxy/model-management.ts'
import { ProxyService } from './proxy/proxy-service.ts'
import { QueueActions } from './proxy/queue-actions.ts'
import { QueueView } from './proxy/queue-view.ts'
import { SchedulerMetrics } from './proxy/scheduler-metrics.ts'
import { RunningRequests } from './proxy/running-requests.ts'
import { AdmissionLimits, Scheduler, systemClock, type SchedulerSettings } from './scheduler/index.ts'
import { seedQuotas } from './usage/seed-quotas.ts'
import { UsageRecorder } from './usage/usage-recorder.ts'

export interface ProxyServices {
  scheduler: Scheduler
  /** Request bodies held in memory (read, or waiting in the queue). */
  budget: BodyBudget
  limits: AdmissionLimits
  registry: BackendRegistry
  recorder: UsageRecorder
  queueView: QueueView
  /** The queue board's cancel and promote. */
  queueActions: QueueActions
  proxy: ProxyService
  client: ProxyClient
  /** For the admin routes' audit records. */
  users: UsersClient
  /** Model pull progress on the system event stream (the pulls live in the admin routes). */
  pullEvents: PullEvents
  start(): Promise<void>
  /** Stops health checks and flushes usage; running streams are the HTTP server's to drain. */
  stop(): Promise<void>
}

export interface ProxyDependencies {
  database: Database
  changes: ChangeBus
  /** Where the proxy reports requests, backends and limits as they happen (docs/monitoring.md). */
  events: EventBus
  users: UsersClient
  config: CorralConfig
  metrics: CorralMetrics
  logger: Logger
}

export function schedulerSettings(settings: Settings): SchedulerSettings {
  return {
    agingIntervalMs: settings.queue.agingSeconds * 1000,
    maxQueueLength: settings.queue.maxLength,
    maxQueuePerUser: settings.queue.maxPerUser,
    maxWaitMs: settings.queue.maxWaitSeconds * 1000,
    inputTokenWeight: settings.fairness.inputTokenWeight,
    outputTokenWeight: settings.fairness.outputTokenWeight,
  }
}

export async function wireProxyServices(deps: ProxyDependencies): Promise<ProxyServices> {
  const settings = await deps.users.getSettings()
  const scheduler = new Scheduler({
    clock: systemClock,
    maxQueueLength: 1000,
    maxQueuePerUser: 100,
    maxWaitMs: 600_000,
    ...schedulerSettings(settings),
  })
  const requestEvents = new RequestEvents(deps.events)
  const limitEvents = new LimitEvents(deps.events)
  const limits = new AdmissionLimits({ onQuotaCrossed: (crossing) => limitEvents.crossed(crossing) })
  const registry = new BackendRegistry(
    new BackendsRepository(deps.database.db),
    scheduler,
    deps.config,
    deps.users,
    deps.logger,
    new BackendEvents(deps.events),
  )
  const recorder = new UsageRecorder(deps.users, deps.logger, deps.metrics)
  // Refusals leave no usage record: the recorder counts them for the dashboards (docs/monitoring.md).
  const unsubscribeRefusals = deps.events.subscribe(
    (event) => {
      if (event.type === 'request.refused') recorder.refused(event)
    },
    { types: new Set(['request.refused'] as const) },
  )
  const running = new RunningRequests()
  const queueView = new QueueView(scheduler, registry, running)
  const queueActions = new QueueActions(scheduler, running, queueView, deps.users, deps.events)
  const outages = new BackendOutages(scheduler, registry, deps.metrics, deps.config.upstream.noBackendGraceMs)
  registry.onChange(() => outages.changed())
  const queue = new InferenceQueue(
    scheduler,
    limits,
    deps.metrics,
    queueView,
    outages,
    requestEvents,
    limitEvents,
  )
  const catalog = new Catalog(registry)
  const starter = new InferenceStarter(registry, queue, recorder, deps.metrics, requestEvents, running)
  const budget = new BodyBudget(deps.config.bodyMemory, deps.metrics)
  const chat = new ChatRunner(starter, budget)
  const proxy = new ProxyService(
    registry,
    new InferenceHandler(starter, deps.config.keepAlive),
    catalog,
    new ModelManagement(registry, catalog),
    budget,
  )
  let unsubscribe: (() => Promise<void>) | undefined

  const schedulerMetrics = new SchedulerMetrics(deps.metrics, scheduler, registry, budget)
  deps.metrics.onScrape(() => schedulerMetrics.refresh())

  return {
    scheduler,
    budget,
    limits,
    registry,
    recorder,
    queueView,
    queueActions,
    proxy,
    users: deps.users,
    pullEvents: new PullEvents(deps.events),
    client: {
      chat: (turn, callbacks) => chat.chat(turn, callbacks),
      models: (identity) => catalog.models(identity),
    },
    start: async () => {
      await seedQuotas(deps.users, limits)
      await registry.start()
      recorder.start()
      // Queue limits, aging and fairness weights follow the settings without a restart.
      unsubscribe = await deps.changes.subscribe((event) => {
        if (event.kind !== 'settings' && event.kind !== 'all') return
        deps.users.getSettings().then(
          (next) => scheduler.updateOptions(schedulerSettings(next)),
          (error: unknown) => deps.logger.warn({ err: error }, 'reloading settings failed'),
        )
      })
    },
    stop: async () => {
      await unsubscribe?.()
      unsubscribeRefusals()
      await registry.stop()
      await recorder.stop()
    },
  }
}
