import type { AlertRuleParams, AlertRuleType } from '@corral/contracts'

/** A rule as the evaluator holds it: plain data, durations in milliseconds. */
export interface AlertRuleConfig {
  id: string
  name: string
  type: AlertRuleType
  params: AlertRuleParams
  targetIds: string[]
  enabled: boolean
  resolveAfterMs: number
  cooldownMs: number
}

/** The parameters each rule type needs; the others are refused so a rule means one thing. */
export const ruleParams: Record<
  AlertRuleType,
  { required: (keyof AlertRuleParams)[]; optional: (keyof AlertRuleParams)[] }
> = {
  'backend-down': { required: ['seconds'], optional: ['backend_id'] },
  'queue-wait-p95': { required: ['threshold_ms', 'window_seconds'], optional: [] },
  'quota-percent': { required: ['percent'], optional: ['scope', 'scope_id'] },
  'refusal-rate': { required: ['per_minute'], optional: [] },
  'user-registered': { required: [], optional: [] },
}

/** The first problem with a rule's parameters, as the field it concerns and a message; undefined if none. */
export function paramsProblem(
  type: AlertRuleType,
  params: AlertRuleParams,
): { path: string; message: string } | undefined {
  const spec = ruleParams[type]
  for (const name of spec.required) {
    if (params[name] === undefined || params[name] === null) {
      return { path: `/params/${name}`, message: `is required by a ${type} rule` }
    }
  }
  for (const name of Object.keys(params) as (keyof AlertRuleParams)[]) {
    if (!spec.required.includes(name) && !spec.optional.includes(name)) {
      return { path: `/params/${name}`, message: `does not apply to a ${type} rule` }
    }
  }
  return undefined
}

/** Defaults: a condition must stay clear for a minute to resolve, and a subject re-notifies at most every 5 min. */
export const ruleDefaults = { resolveAfterSeconds: 60, cooldownSeconds: 300 }
