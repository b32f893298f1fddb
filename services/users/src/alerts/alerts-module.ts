import type { Logger } from 'pino'
import type { CorralMetrics, Database, EventBus, SecretBox } from '@corral/core'
import type { AuditService } from '../audit/audit-service.ts'
import { AlertDeliveryService, type DeliveryTuning } from './alert-delivery-service.ts'
import { AlertRulesService } from './alert-rules-service.ts'
import { AlertTargetsService } from './alert-targets-service.ts'
import { AlertsRepository } from './alerts-repository.ts'
import { RuleEvaluator } from './rule-evaluator.ts'

export interface AlertsDeps {
  database: Database
  events: EventBus
  metrics: CorralMetrics
  box: SecretBox
  audit: AuditService
  logger: Logger
  now?: () => number
  delivery?: DeliveryTuning
}

/** The alerts module's parts; `start` loads rules and targets and subscribes to the event stream. */
export interface Alerts {
  rules: AlertRulesService
  targets: AlertTargetsService
  deliveries: AlertDeliveryService
  evaluator: RuleEvaluator
  repository: AlertsRepository
  start(): Promise<void>
  stop(): void
}

/** How often time-based conditions are evaluated: "down for N seconds" is exact to this. */
const tickMs = 1000

export function wireAlerts(deps: AlertsDeps): Alerts {
  const now = deps.now ?? Date.now
  const repository = new AlertsRepository(deps.database.db)
  const targets = new AlertTargetsService(repository, deps.box, deps.audit)
  const deliveries = new AlertDeliveryService(
    repository,
    targets,
    deps.metrics,
    deps.logger,
    now,
    deps.delivery,
  )
  const evaluator = new RuleEvaluator({ now, notify: (notification) => deliveries.notify(notification) })
  const rules = new AlertRulesService(repository, targets, evaluator, deps.audit)
  targets.onDeleted((id) => rules.forgetTarget(id))
  let detach: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  return {
    rules,
    targets,
    deliveries,
    evaluator,
    repository,
    async start() {
      await targets.load()
      await rules.load()
      detach = evaluator.attach(deps.events)
      timer = setInterval(() => evaluator.tick(), tickMs)
      timer.unref()
    },
    stop() {
      detach?.()
      clearInterval(timer)
      deliveries.stop()
    },
  }
}
