import type { AlertDelivery, AlertRule, AlertTarget } from '@corral/contracts'
import type { AlertDeliveryRow, AlertRuleRow, AlertTargetRow } from './alerts-repository.ts'
import type { RuleStatus } from './rule-evaluator.ts'

const iso = (value: number | Date) => new Date(value).toISOString()

export function presentRule(row: AlertRuleRow, status: RuleStatus): AlertRule {
  return {
    id: row.id,
    name: row.name,
    type: row.type as AlertRule['type'],
    params: row.params,
    target_ids: row.targetIds,
    enabled: row.enabled,
    resolve_after_seconds: row.resolveAfterSeconds,
    cooldown_seconds: row.cooldownSeconds,
    state: status.state,
    firing_subjects: status.firingSubjects,
    last_notified_at: status.lastNotifiedAt === null ? null : iso(status.lastNotifiedAt),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  }
}

export function presentTarget(row: AlertTargetRow): AlertTarget {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: row.url,
    enabled: row.enabled,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  }
}

export function presentDelivery(row: AlertDeliveryRow): AlertDelivery {
  return {
    id: row.id,
    at: iso(row.at),
    delivery_id: row.deliveryId,
    rule_id: row.ruleId,
    rule_name: row.ruleName,
    target_id: row.targetId,
    target_name: row.targetName,
    kind: row.kind as AlertDelivery['kind'],
    state: row.state,
    attempt: row.attempt,
    result: row.result as AlertDelivery['result'],
    response_status: row.responseStatus,
    error: row.error,
    duration_ms: row.durationMs,
  }
}
