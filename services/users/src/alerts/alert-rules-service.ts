import { Errors, type Actor } from '@corral/core'
import type {
  AlertRuleParams,
  AlertRuleType,
  CreateAlertRuleRequest,
  UpdateAlertRuleRequest,
} from '@corral/contracts'
import type { AuditService } from '../audit/audit-service.ts'
import { paramsProblem, ruleDefaults, type AlertRuleConfig } from './alert-rule.ts'
import type { AlertRuleRow, AlertsRepository } from './alerts-repository.ts'
import type { AlertTargetsService } from './alert-targets-service.ts'
import { fieldError } from './field-error.ts'
import type { RuleEvaluator } from './rule-evaluator.ts'

/** Alert rules: stored in PostgreSQL, evaluated in memory (every change is handed to the evaluator). */
export class AlertRulesService {
  private configs = new Map<string, AlertRuleConfig>()

  constructor(
    private readonly repository: AlertsRepository,
    private readonly targets: AlertTargetsService,
    private readonly evaluator: RuleEvaluator,
    private readonly audit: AuditService,
  ) {}

  async load(): Promise<void> {
    const rows = await this.repository.listRules()
    this.configs = new Map(rows.map((row) => [row.id, configOf(row)]))
    this.sync()
  }

  list(): Promise<AlertRuleRow[]> {
    return this.repository.listRules()
  }

  async get(id: string): Promise<AlertRuleRow> {
    const row = await this.repository.getRule(id)
    if (!row) throw new Errors.notFound('No such alert rule')
    return row
  }

  async create(actor: Actor, body: CreateAlertRuleRequest): Promise<AlertRuleRow> {
    this.check(body.type, body.params, body.target_ids)
    const row = await this.repository.insertRule({
      name: body.name,
      type: body.type,
      params: body.params,
      targetIds: body.target_ids,
      enabled: body.enabled ?? true,
      resolveAfterSeconds: body.resolve_after_seconds ?? ruleDefaults.resolveAfterSeconds,
      cooldownSeconds: body.cooldown_seconds ?? ruleDefaults.cooldownSeconds,
    })
    this.configs.set(row.id, configOf(row))
    this.sync()
    await this.audit.recordBy(actor, 'alert_rule.create', { type: 'alert_rule', id: row.id }, undefined, {
      before: null,
      after: auditView(row),
    })
    return row
  }

  async update(actor: Actor, id: string, body: UpdateAlertRuleRequest): Promise<AlertRuleRow> {
    const before = await this.get(id)
    this.check(before.type as AlertRuleType, body.params ?? before.params, body.target_ids ?? [])
    const row = await this.repository.updateRule(id, {
      name: body.name,
      params: body.params,
      targetIds: body.target_ids,
      enabled: body.enabled,
      resolveAfterSeconds: body.resolve_after_seconds,
      cooldownSeconds: body.cooldown_seconds,
    })
    if (!row) throw new Errors.notFound('No such alert rule')
    this.configs.set(row.id, configOf(row))
    this.sync()
    await this.audit.recordBy(actor, 'alert_rule.update', { type: 'alert_rule', id }, undefined, {
      before: auditView(before),
      after: auditView(row),
    })
    return row
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.repository.deleteRule(id)
    if (!row) throw new Errors.notFound('No such alert rule')
    this.configs.delete(id)
    this.sync()
    await this.audit.recordBy(actor, 'alert_rule.delete', { type: 'alert_rule', id }, { name: row.name })
  }

  /** A target deleted elsewhere leaves the rules that sent to it (the repository did the same in SQL). */
  forgetTarget(targetId: string): void {
    for (const config of this.configs.values())
      config.targetIds = config.targetIds.filter((id) => id !== targetId)
  }

  private check(type: AlertRuleType, params: AlertRuleParams, targetIds: string[]): void {
    const problem = paramsProblem(type, params)
    if (problem) throw fieldError(problem.path, problem.message)
    targetIds.forEach((id, index) => {
      if (!this.targets.get(id)) throw fieldError(`/target_ids/${index}`, 'is not an alert target')
    })
  }

  private sync(): void {
    this.evaluator.setRules([...this.configs.values()])
  }
}

export function configOf(row: AlertRuleRow): AlertRuleConfig {
  return {
    id: row.id,
    name: row.name,
    type: row.type as AlertRuleType,
    params: row.params,
    targetIds: row.targetIds,
    enabled: row.enabled,
    resolveAfterMs: row.resolveAfterSeconds * 1000,
    cooldownMs: row.cooldownSeconds * 1000,
  }
}

function auditView(row: AlertRuleRow): Record<string, unknown> {
  return {
    name: row.name,
    type: row.type,
    params: row.params,
    target_ids: row.targetIds,
    enabled: row.enabled,
    resolve_after_seconds: row.resolveAfterSeconds,
    cooldown_seconds: row.cooldownSeconds,
  }
}
