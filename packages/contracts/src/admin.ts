import { Type, type Static } from 'typebox'
import { Offset, Timestamp, Uuid } from './common.ts'

export const IpAllowlist = Type.Object({
  enabled: Type.Boolean(),
  entries: Type.Array(
    Type.Object({ cidr: Type.String({ maxLength: 64 }), note: Type.String({ maxLength: 200, default: '' }) }),
    { maxItems: 1000 },
  ),
})
export type IpAllowlist = Static<typeof IpAllowlist>

export const Settings = Type.Object({
  registration_enabled: Type.Boolean({
    title: 'Open registration',
    description: 'People with a registration token may create an account',
  }),
  default_group_id: Type.String({
    format: 'uuid',
    title: 'Default group',
    description: 'The group of accounts made without one',
  }),
  queue: Type.Object(
    {
      max_length: Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        title: 'Queue cap',
        description: 'Requests waiting at once, over everyone; more are refused with 503',
      }),
      max_per_user: Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        title: 'Per-user queue cap',
        description: 'Requests one user may have waiting; more are refused with 429',
      }),
      max_wait_seconds: Type.Integer({
        minimum: 1,
        maximum: 86_400,
        title: 'Maximum wait (seconds)',
        description: 'A request waiting longer is refused with 503',
      }),
      aging_seconds: Type.Integer({
        minimum: 0,
        maximum: 86_400,
        title: 'Aging interval (seconds)',
        description: 'A waiting request gains one priority step per interval; 0 disables aging',
      }),
    },
    { title: 'Queue' },
  ),
  fairness: Type.Object(
    {
      input_token_weight: Type.Number({
        minimum: 0,
        maximum: 100,
        title: 'Prompt token weight',
        description: 'What a prompt token costs in the fair-share counter',
      }),
      output_token_weight: Type.Number({
        minimum: 0,
        maximum: 100,
        title: 'Output token weight',
        description: 'What a generated token costs in the fair-share counter',
      }),
    },
    { title: 'Fair share' },
  ),
  reporting_time_zone: Type.String({
    minLength: 1,
    maxLength: 64,
    title: 'Reporting time zone',
    description: 'The IANA time zone (such as Europe/Berlin) the dashboards count days and hours in',
  }),
  token_prices: Type.Object(
    {
      currency: Type.String({ minLength: 1, maxLength: 8, title: 'Currency' }),
      input_per_million: Type.Number({ minimum: 0, title: 'Price per million prompt tokens' }),
      output_per_million: Type.Number({ minimum: 0, title: 'Price per million output tokens' }),
    },
    { title: 'Token prices', description: 'Usage reports show costs at these prices' },
  ),
})
export type Settings = Static<typeof Settings>

export const SettingsPatch = Type.Object({
  registration_enabled: Type.Optional(Type.Boolean()),
  default_group_id: Type.Optional(Uuid),
  queue: Type.Optional(Type.Partial(Settings.properties.queue)),
  fairness: Type.Optional(Type.Partial(Settings.properties.fairness)),
  token_prices: Type.Optional(Type.Partial(Settings.properties.token_prices)),
  reporting_time_zone: Type.Optional(Settings.properties.reporting_time_zone),
})
export type SettingsPatch = Static<typeof SettingsPatch>

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 64 })),
  actor_user_id: Type.Optional(Uuid),
  target_id: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Offset,
})
export type AuditQuery = Static<typeof AuditQuery>

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor_user_id: Type.Union([Uuid, Type.Null()]),
  actor_username: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target_type: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
})
export const AuditPage = Type.Object({ entries: Type.Array(AuditEntry), total: Type.Integer() })
