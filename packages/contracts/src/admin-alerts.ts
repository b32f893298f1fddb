import { Type, type Static } from 'typebox'
import { Nullable, Timestamp, Uuid } from './common.ts'

/**
 * Alert rules, webhook targets and the delivery log (`/corral/v1/admin/alerts/…`, docs/monitoring.md
 * "Alerts and webhooks"). A rule watches the event stream; when its condition starts or stops holding it
 * notifies its targets.
 */
export const AlertRuleType = Type.Union(
  [
    Type.Literal('backend-down'),
    Type.Literal('queue-wait-p95'),
    Type.Literal('quota-percent'),
    Type.Literal('refusal-rate'),
    Type.Literal('user-registered'),
  ],
  {
    description:
      'backend-down: a backend down for `seconds`; queue-wait-p95: p95 queue wait above `threshold_ms` over `window_seconds`; quota-percent: a key or group at `percent` of a token quota; refusal-rate: more than `per_minute` refusals in a minute; user-registered: every new user',
  },
)
export type AlertRuleType = Static<typeof AlertRuleType>

/** The parameters of a rule; which ones a type needs is checked by the server (each names its field). */
export const AlertRuleParams = Type.Object(
  {
    seconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 86_400, description: 'backend-down: how long it must be down' }),
    ),
    backend_id: Type.Optional(
      Nullable(
        Type.String({ minLength: 1, maxLength: 200, description: 'backend-down: one backend; null: any' }),
      ),
    ),
    threshold_ms: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400_000,
        description: 'queue-wait-p95: the p95 it must exceed',
      }),
    ),
    window_seconds: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 86_400,
        description: 'queue-wait-p95: the window the p95 covers',
      }),
    ),
    percent: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'quota-percent: the share of a quota used' }),
    ),
    scope: Type.Optional(
      // One `type` list, not anyOf (see Nullable): keys or groups only, or null for both.
      Type.Unsafe<'key' | 'group' | null>({
        type: ['string', 'null'],
        enum: ['key', 'group', null],
        description: 'quota-percent: keys or groups only; null: both',
      }),
    ),
    scope_id: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'quota-percent: one key or group; null: any' })),
    ),
    per_minute: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'refusal-rate: refusals in 60 s it must exceed',
      }),
    ),
  },
  { additionalProperties: false },
)
export type AlertRuleParams = Static<typeof AlertRuleParams>

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  params: AlertRuleParams,
  target_ids: Type.Array(Uuid, { maxItems: 20, uniqueItems: true }),
  enabled: Type.Boolean(),
  resolve_after_seconds: Type.Integer({
    minimum: 0,
    maximum: 3600,
    description: 'How long the condition must stay clear before the rule resolves (hysteresis)',
  }),
  cooldown_seconds: Type.Integer({
    minimum: 0,
    maximum: 86_400,
    description:
      'A subject that fires again this soon after its last firing notification is not notified again',
  }),
}

export const CreateAlertRuleRequest = Type.Object(
  {
    name: ruleFields.name,
    type: AlertRuleType,
    params: ruleFields.params,
    target_ids: ruleFields.target_ids,
    enabled: Type.Optional(ruleFields.enabled),
    resolve_after_seconds: Type.Optional(ruleFields.resolve_after_seconds),
    cooldown_seconds: Type.Optional(ruleFields.cooldown_seconds),
  },
  { additionalProperties: false },
)
export type CreateAlertRuleRequest = Static<typeof CreateAlertRuleRequest>

/** `PATCH`: any of the fields; the type of a rule cannot change (create another rule). */
export const UpdateAlertRuleRequest = Type.Object(
  {
    name: Type.Optional(ruleFields.name),
    params: Type.Optional(ruleFields.params),
    target_ids: Type.Optional(ruleFields.target_ids),
    enabled: Type.Optional(ruleFields.enabled),
    resolve_after_seconds: Type.Optional(ruleFields.resolve_after_seconds),
    cooldown_seconds: Type.Optional(ruleFields.cooldown_seconds),
  },
  { additionalProperties: false },
)
export type UpdateAlertRuleRequest = Static<typeof UpdateAlertRuleRequest>

export const AlertState = Type.Union([Type.Literal('firing'), Type.Literal('resolved')])
export type AlertState = Static<typeof AlertState>

export const AlertRule = Type.Object({
  id: Uuid,
  type: AlertRuleType,
  ...ruleFields,
  state: AlertState,
  firing_subjects: Type.Array(Type.String(), { description: 'What fires now, in words ("backend gpu-1")' }),
  last_notified_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type AlertRule = Static<typeof AlertRule>
export const AlertRuleList = Type.Object({ rules: Type.Array(AlertRule) })
export type AlertRuleList = Static<typeof AlertRuleList>

export const AlertTargetKind = Type.Union([Type.Literal('generic'), Type.Literal('slack')], {
  description: 'generic: signed JSON (X-Corral-Signature); slack: a Slack-compatible {"text"} body',
})
export type AlertTargetKind = Static<typeof AlertTargetKind>

const WebhookUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  // Checked again with the WHATWG URL parser; this pattern names the field for malformed input.
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$',
  description: 'An http or https URL',
})

export const CreateAlertTargetRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: AlertTargetKind,
    url: WebhookUrl,
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type CreateAlertTargetRequest = Static<typeof CreateAlertTargetRequest>

export const UpdateAlertTargetRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    url: Type.Optional(WebhookUrl),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UpdateAlertTargetRequest = Static<typeof UpdateAlertTargetRequest>

export const AlertTarget = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: AlertTargetKind,
  url: Type.String(),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
})
export type AlertTarget = Static<typeof AlertTarget>
export const AlertTargetList = Type.Object({ targets: Type.Array(AlertTarget) })
export type AlertTargetList = Static<typeof AlertTargetList>

/** `POST /admin/alerts/targets`: the signing secret is in this answer only; Corral keeps it encrypted. */
export const CreatedAlertTarget = Type.Object({
  ...AlertTarget.properties,
  signing_secret: Type.Union([Type.String(), Type.Null()], {
    description: 'generic targets: the HMAC-SHA256 key of X-Corral-Signature, shown once; slack: null',
  }),
})
export type CreatedAlertTarget = Static<typeof CreatedAlertTarget>

export const AlertDeliveryResult = Type.Union(
  [Type.Literal('delivered'), Type.Literal('retried'), Type.Literal('failed')],
  {
    description:
      'delivered: a 2xx; retried: failed, another attempt follows; failed: the last attempt failed',
  },
)

export const AlertDelivery = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  delivery_id: Type.String({ description: 'The same for every attempt of one notification' }),
  rule_id: Type.Union([Uuid, Type.Null()], { description: 'null for a test notification' }),
  rule_name: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Uuid, Type.Null()]),
  target_name: Type.String(),
  kind: AlertTargetKind,
  state: Type.String({ description: 'firing, resolved, triggered (user-registered) or test' }),
  attempt: Type.Integer({ minimum: 1 }),
  result: AlertDeliveryResult,
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Integer(),
})
export type AlertDelivery = Static<typeof AlertDelivery>

export const AlertDeliveryQuery = Type.Object({
  target_id: Type.Optional(Uuid),
  rule_id: Type.Optional(Uuid),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
})
export type AlertDeliveryQuery = Static<typeof AlertDeliveryQuery>

export const AlertDeliveryList = Type.Object({
  deliveries: Type.Array(AlertDelivery, {
    description: 'Newest first; the log keeps the last 10,000 attempts',
  }),
  dropped: Type.Integer({
    description: 'Notifications dropped since start because the delivery queue was full',
  }),
})
export type AlertDeliveryList = Static<typeof AlertDeliveryList>

export const AlertTestResult = Type.Object({
  delivery_id: Type.String({ description: 'Its attempts appear in the delivery log under this id' }),
})
export type AlertTestResult = Static<typeof AlertTestResult>
