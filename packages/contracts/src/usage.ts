import { Type, type Static } from 'typebox'
import { Offset, Timestamp, Uuid } from './common.ts'

export const UsageQuery = Type.Object({
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  user_id: Type.Optional(Uuid),
  key_id: Type.Optional(Uuid),
  model: Type.Optional(Type.String({ maxLength: 200 })),
  bucket: Type.Optional(
    Type.Union([Type.Literal('hour'), Type.Literal('day')], { description: 'Group totals over time' }),
  ),
  limit: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 100,
    description: 'Records to return (newest first)',
  }),
  offset: Offset,
})
export type UsageQuery = Static<typeof UsageQuery>

export const UsageRecord = Type.Object({
  id: Type.Integer(),
  request_id: Type.String(),
  user_id: Uuid,
  key_id: Type.Union([Uuid, Type.Null()]),
  model: Type.String(),
  backend_id: Type.Union([Type.String(), Type.Null()]),
  endpoint: Type.String(),
  source: Type.String(),
  status: Type.Integer(),
  prompt_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
  queue_wait_ms: Type.Integer(),
  time_to_first_token_ms: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer(),
  priority: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  finished_at: Timestamp,
})

export const UsageTotals = Type.Object({
  requests: Type.Integer(),
  prompt_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
  errors: Type.Integer(),
  mean_queue_wait_ms: Type.Number(),
  mean_time_to_first_token_ms: Type.Union([Type.Number(), Type.Null()]),
  cost: Type.Number({ description: 'At the configured token prices' }),
})

const UsageGroupRow = Type.Intersect([UsageTotals, Type.Object({ key: Type.String(), label: Type.String() })])

export const UsageReport = Type.Object({
  totals: UsageTotals,
  currency: Type.String(),
  by_model: Type.Array(UsageGroupRow),
  by_user: Type.Optional(Type.Array(UsageGroupRow)),
  by_key: Type.Array(UsageGroupRow),
  over_time: Type.Optional(
    Type.Array(Type.Intersect([UsageTotals, Type.Object({ bucket_start: Timestamp })])),
  ),
  records: Type.Array(UsageRecord),
})
export type UsageReport = Static<typeof UsageReport>
