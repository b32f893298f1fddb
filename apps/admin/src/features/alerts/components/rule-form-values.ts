import type { AlertRule, AlertRuleParams, AlertRuleType, CreateAlertRuleRequest } from '@corral/contracts'

export interface RuleFormValues {
  name: string
  type: AlertRuleType
  seconds: number | ''
  backendId: string
  thresholdMs: number | ''
  windowSeconds: number | ''
  percent: number | ''
  scope: '' | 'key' | 'group'
  scopeId: string
  perMinute: number | ''
  targetIds: string[]
  enabled: boolean
  resolveAfterSeconds: number | ''
  cooldownSeconds: number | ''
}

export const ruleTypes: { value: AlertRuleType; label: string }[] = [
  { value: 'backend-down', label: 'Backend down for N seconds' },
  { value: 'queue-wait-p95', label: 'p95 queue wait above a threshold' },
  { value: 'quota-percent', label: 'Key or group at X % of a token quota' },
  { value: 'refusal-rate', label: 'Refusals per minute above a threshold' },
  { value: 'user-registered', label: 'A new user registered' },
]

export const emptyRule: RuleFormValues = {
  name: '',
  type: 'backend-down',
  seconds: 60,
  backendId: '',
  thresholdMs: 5000,
  windowSeconds: 300,
  percent: 90,
  scope: '',
  scopeId: '',
  perMinute: 30,
  targetIds: [],
  enabled: true,
  resolveAfterSeconds: 60,
  cooldownSeconds: 300,
}

const number = (value: number | '') => (value === '' ? undefined : value)

/** The parameters the chosen type takes, and only those (the server refuses the others). */
export function paramsOf(values: RuleFormValues): AlertRuleParams {
  switch (values.type) {
    case 'backend-down':
      return { seconds: number(values.seconds), backend_id: values.backendId.trim() || null }
    case 'queue-wait-p95':
      return { threshold_ms: number(values.thresholdMs), window_seconds: number(values.windowSeconds) }
    case 'quota-percent':
      return {
        percent: number(values.percent),
        scope: values.scope || null,
        scope_id: values.scopeId.trim() || null,
      }
    case 'refusal-rate':
      return { per_minute: number(values.perMinute) }
    case 'user-registered':
      return {}
  }
}

export function ruleRequest(values: RuleFormValues): CreateAlertRuleRequest {
  return {
    name: values.name.trim(),
    type: values.type,
    params: paramsOf(values),
    target_ids: values.targetIds,
    enabled: values.enabled,
    resolve_after_seconds: number(values.resolveAfterSeconds),
    cooldown_seconds: number(values.cooldownSeconds),
  }
}

export function valuesOf(rule: AlertRule): RuleFormValues {
  const { params } = rule
  return {
    ...emptyRule,
    name: rule.name,
    type: rule.type,
    seconds: params.seconds ?? emptyRule.seconds,
    backendId: params.backend_id ?? '',
    thresholdMs: params.threshold_ms ?? emptyRule.thresholdMs,
    windowSeconds: params.window_seconds ?? emptyRule.windowSeconds,
    percent: params.percent ?? emptyRule.percent,
    scope: params.scope ?? '',
    scopeId: params.scope_id ?? '',
    perMinute: params.per_minute ?? emptyRule.perMinute,
    targetIds: rule.target_ids,
    enabled: rule.enabled,
    resolveAfterSeconds: rule.resolve_after_seconds,
    cooldownSeconds: rule.cooldown_seconds,
  }
}

/** The server names fields by their place in the body (`params.seconds`); the form's are flat. */
const formFields: Record<string, keyof RuleFormValues> = {
  name: 'name',
  'params.seconds': 'seconds',
  'params.backend_id': 'backendId',
  'params.threshold_ms': 'thresholdMs',
  'params.window_seconds': 'windowSeconds',
  'params.percent': 'percent',
  'params.scope': 'scope',
  'params.scope_id': 'scopeId',
  'params.per_minute': 'perMinute',
  resolve_after_seconds: 'resolveAfterSeconds',
  cooldown_seconds: 'cooldownSeconds',
}

export function formErrorsOf(fieldErrors: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const [path, message] of Object.entries(fieldErrors)) {
    const field = formFields[path] ?? (path.startsWith('target_ids') ? 'targetIds' : undefined)
    if (field) errors[field] ??= message
  }
  return errors
}

/** What a rule watches, in one line for the table. */
export function describeRule(rule: Pick<AlertRule, 'type' | 'params'>): string {
  const { params } = rule
  switch (rule.type) {
    case 'backend-down':
      return `${params.backend_id ? `Backend ${params.backend_id}` : 'Any backend'} down for ${params.seconds} s`
    case 'queue-wait-p95':
      return `p95 queue wait above ${params.threshold_ms} ms over ${params.window_seconds} s`
    case 'quota-percent':
      return `${params.scope_id ? `${params.scope} ${params.scope_id}` : `Any ${params.scope ?? 'key or group'}`} at ${params.percent} % of a quota`
    case 'refusal-rate':
      return `More than ${params.per_minute} refusals a minute`
    case 'user-registered':
      return 'Every new user'
  }
}
