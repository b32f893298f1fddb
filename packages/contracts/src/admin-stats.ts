import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

/**
 * The dashboards' aggregates (docs/monitoring.md, "Dashboards" and "Fairness"), computed from rollups
 * of the usage records. Ranges are snapped outwards to the quarter hour, the grid every time zone's
 * hours and days fall on; the answer says which range and zone it covers.
 */
export const StatsQuery = Type.Object({
  preset: Type.Optional(
    Type.Union(
      [
        Type.Literal('15m'),
        Type.Literal('1h'),
        Type.Literal('6h'),
        Type.Literal('24h'),
        Type.Literal('7d'),
        Type.Literal('30d'),
        Type.Literal('mtd'),
      ],
      {
        description: 'A range ending now (default 24h); ignored when from and to are given',
      },
    ),
  ),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  tz: Type.Optional(
    Type.String({ maxLength: 64, description: 'IANA time zone; default: the reporting_time_zone setting' }),
  ),
  bucket: Type.Optional(
    Type.Union(
      [Type.Literal('1m'), Type.Literal('5m'), Type.Literal('15m'), Type.Literal('1h'), Type.Literal('1d')],
      {
        description:
          'Default: follows the range (1m up to 1 h, 5m up to 6 h, 15m up to 24 h, 1h up to 7 d, then 1d)',
      },
    ),
  ),
})
export type StatsQuery = Static<typeof StatsQuery>

const RangeFields = {
  from: Timestamp,
  to: Timestamp,
  time_zone: Type.String(),
  bucket: Type.String(),
}

const Counts = {
  requests: Type.Integer(),
  errors: Type.Integer(),
  prompt_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
}

export const Percentiles = Type.Object({
  count: Type.Integer({ description: 'Requests measured' }),
  p50_ms: Type.Union([Type.Number(), Type.Null()]),
  p95_ms: Type.Union([Type.Number(), Type.Null()]),
  p99_ms: Type.Union([Type.Number(), Type.Null()]),
})
export type Percentiles = Static<typeof Percentiles>

const TopEntry = Type.Object({
  id: Type.String({ description: 'User, key or group id; model name' }),
  label: Type.String(),
  ...Counts,
})

export const StatsReport = Type.Object({
  ...RangeFields,
  tiles: Type.Object({
    ...Counts,
    refusals: Type.Integer(),
    requests_per_minute: Type.Number(),
    tokens_in_per_second: Type.Number(),
    tokens_out_per_second: Type.Number(),
    queue_wait: Percentiles,
    time_to_first_token: Percentiles,
  }),
  series: Type.Array(
    Type.Object({
      bucket_start: Timestamp,
      seconds: Type.Number({ description: 'The part of the bucket inside the range' }),
      ...Counts,
      refusals: Type.Integer(),
      requests_per_minute: Type.Number(),
      tokens_in_per_second: Type.Number(),
      tokens_out_per_second: Type.Number(),
    }),
  ),
  queue_wait_by_priority: Type.Array(Type.Object({ priority: Type.Integer(), ...Percentiles.properties })),
  time_to_first_token_by_priority: Type.Array(
    Type.Object({ priority: Type.Integer(), ...Percentiles.properties }),
  ),
  refusals: Type.Array(Type.Object({ reason: Type.String(), status: Type.Integer(), count: Type.Integer() })),
  statuses: Type.Array(Type.Object({ status: Type.Integer(), requests: Type.Integer() })),
  top: Type.Object({
    users: Type.Array(TopEntry),
    keys: Type.Array(TopEntry),
    groups: Type.Array(TopEntry),
    models: Type.Array(TopEntry),
    endpoints: Type.Array(TopEntry),
  }),
})
export type StatsReport = Static<typeof StatsReport>

export const BackendStatsReport = Type.Object({
  ...RangeFields,
  backends: Type.Array(
    Type.Object({
      backend_id: Type.String(),
      name: Type.String(),
      slots: Type.Integer({ description: 'Slots configured now' }),
      requests: Type.Integer(),
      busy_slot_seconds: Type.Number({ description: 'Summed durations of the requests it served' }),
      available_slot_seconds: Type.Number({ description: 'Slots now × the range length' }),
      utilisation: Type.Union([Type.Number(), Type.Null()], { description: 'busy / available, 0..1' }),
    }),
  ),
})
export type BackendStatsReport = Static<typeof BackendStatsReport>

export const FairnessQuery = Type.Omit(StatsQuery, ['bucket'])
export type FairnessQuery = Static<typeof FairnessQuery>

export const FairnessReport = Type.Object({
  ...RangeFields,
  input_token_weight: Type.Number(),
  output_token_weight: Type.Number(),
  classes: Type.Array(
    Type.Object({
      priority: Type.Integer(),
      weighted_tokens: Type.Number(),
      jain_index: Type.Union([Type.Number(), Type.Null()], { description: 'Over the whole range' }),
      users: Type.Array(
        Type.Object({
          user_id: Type.String(),
          username: Type.String(),
          weight: Type.Number({ description: "The user's group weight now" }),
          requests: Type.Integer(),
          weighted_tokens: Type.Number(),
          served_share: Type.Number({ description: 'Of the weighted tokens served in this class, 0..1' }),
          entitled_share: Type.Number({
            description: 'weight / sum of the weights of users active in the class',
          }),
        }),
      ),
      over_time: Type.Array(
        Type.Object({
          bucket_start: Timestamp,
          active_users: Type.Integer(),
          jain_index: Type.Union([Type.Number(), Type.Null()]),
        }),
      ),
    }),
  ),
})
export type FairnessReport = Static<typeof FairnessReport>
