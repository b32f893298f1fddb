import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { Errors, type CorralMetrics } from '@corral/core'
import type { AlertsRepository } from './alerts-repository.ts'
import type { AlertTargetsService, LiveTarget } from './alert-targets-service.ts'
import type { AlertNotification } from './rule-evaluator.ts'
import { genericBody, slackBody, type OutgoingNotice } from './webhook-bodies.ts'
import {
  defaultRetryDelaysMs,
  WebhookDispatcher,
  type AttemptResult,
  type DeliveryJob,
} from './webhook-dispatcher.ts'
import { postWebhook, type AttemptOutcome } from './webhook-sender.ts'
import { signatureHeader } from './webhook-signature.ts'

export interface DeliveryTuning {
  /** Per attempt, from connecting to the end of the answer (default 5 s). */
  timeoutMs?: number
  retryDelaysMs?: number[]
  maxPending?: number
  concurrency?: number
}

/** Trim the log every this many attempts: one cheap delete instead of one per insert. */
const trimEvery = 100

/**
 * Turns notifications into webhook deliveries: one job per enabled target of the rule, handed to the
 * background dispatcher; every attempt goes to the delivery log (written off the event path, a failed
 * write is logged) and to `corral_alert_deliveries_total`.
 */
export class AlertDeliveryService {
  private readonly dispatcher: WebhookDispatcher
  private readonly timeoutMs: number
  private dropped = 0
  private sinceTrim = 0

  constructor(
    private readonly repository: AlertsRepository,
    private readonly targets: AlertTargetsService,
    private readonly metrics: CorralMetrics,
    private readonly logger: Logger,
    private readonly now: () => number,
    tuning: DeliveryTuning = {},
  ) {
    this.timeoutMs = tuning.timeoutMs ?? 5000
    this.dispatcher = new WebhookDispatcher({
      retryDelaysMs: tuning.retryDelaysMs ?? defaultRetryDelaysMs,
      maxPending: tuning.maxPending ?? 1000,
      concurrency: tuning.concurrency ?? 4,
      onAttempt: (job, attempt, outcome, result) => this.logAttempt(job as Job, attempt, outcome, result),
      onDrop: (job) => {
        this.dropped += 1
        this.metrics.alertDeliveriesDropped.inc()
        this.logger.warn({ delivery: job.deliveryId }, 'alert delivery queue full: notification dropped')
      },
    })
  }

  get droppedCount(): number {
    return this.dropped
  }

  notify(notification: AlertNotification): void {
    const { rule } = notification
    const notice: Omit<OutgoingNotice, 'deliveryId'> = {
      rule: { id: rule.id, name: rule.name, type: rule.type },
      state: notification.state,
      subject: notification.subject,
      summary: notification.summary,
      details: notification.details,
      at: notification.at,
    }
    for (const id of rule.targetIds) {
      const target = this.targets.get(id)
      if (target?.enabled) this.dispatcher.enqueue(this.job(target, { ...notice, deliveryId: randomUUID() }))
    }
  }

  /** The panel's "send test": one notification to this target, whether or not it is enabled. */
  sendTest(targetId: string): string {
    const target = this.targets.get(targetId)
    if (!target) throw new Errors.notFound('No such alert target')
    const deliveryId = randomUUID()
    const accepted = this.dispatcher.enqueue(
      this.job(target, {
        deliveryId,
        rule: null,
        state: 'test',
        subject: `target ${target.name}`,
        summary: `A test notification from Corral to ${target.name}`,
        details: {},
        at: this.now(),
      }),
    )
    if (!accepted) throw new Errors.busy('The alert delivery queue is full; try again shortly')
    return deliveryId
  }

  list(filter: { targetId?: string; ruleId?: string; limit: number }) {
    return this.repository.listDeliveries(filter)
  }

  stop(): void {
    this.dispatcher.stop()
  }

  private job(target: LiveTarget, notice: OutgoingNotice): Job {
    const body = target.kind === 'slack' ? slackBody(notice) : genericBody(notice)
    return {
      deliveryId: notice.deliveryId,
      kind: target.kind,
      target,
      notice,
      send: () => {
        const headers: Record<string, string> = { 'x-corral-delivery': notice.deliveryId }
        if (target.secret !== null) {
          headers['x-corral-signature'] = signatureHeader(target.secret, body, Math.floor(this.now() / 1000))
        }
        return postWebhook(target.url, body, headers, this.timeoutMs)
      },
    }
  }

  private logAttempt(job: Job, attempt: number, outcome: AttemptOutcome, result: AttemptResult): void {
    this.metrics.alertDeliveries.inc({ kind: job.kind, result })
    if (result !== 'delivered') {
      this.logger.warn(
        {
          delivery: job.deliveryId,
          target: job.target.id,
          attempt,
          status: outcome.status,
          error: outcome.error,
        },
        result === 'retried' ? 'alert delivery failed; retrying' : 'alert delivery failed; giving up',
      )
    }
    void this.write({
      deliveryId: job.deliveryId,
      ruleId: job.notice.rule?.id ?? null,
      ruleName: job.notice.rule?.name ?? null,
      targetId: job.target.id,
      targetName: job.target.name,
      kind: job.kind,
      state: job.notice.state,
      attempt,
      result,
      responseStatus: outcome.status,
      error: outcome.error,
      durationMs: outcome.durationMs,
    })
  }

  private async write(row: Parameters<AlertsRepository['insertDelivery']>[0]): Promise<void> {
    try {
      await this.repository.insertDelivery(row)
      this.sinceTrim += 1
      if (this.sinceTrim >= trimEvery) {
        this.sinceTrim = 0
        await this.repository.trimDeliveries()
      }
    } catch (error) {
      this.logger.error({ err: error, delivery: row.deliveryId }, 'alert delivery log write failed')
    }
  }
}

interface Job extends DeliveryJob {
  target: LiveTarget
  notice: OutgoingNotice
}
