import { Type, type Static, type TSchema, type TUnsafe } from 'typebox'

/**
 * `schema` or null, written as one `type: [..., 'null']` rather than `anyOf: [schema, null]`. Fastify's
 * Ajv coerces types, and in that `anyOf` it turns a value the first branch refused (0, '', false) into
 * null: `max_uses: 0` made an unlimited invitation, `daily_token_quota: 0` removed the quota and a key
 * `priority: 0` silently became the group's. With a type list a refused value stays refused (400).
 * Request bodies use this; responses keep `anyOf`, which coerces nothing when serialising.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] })
}

export const Uuid = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
/** Priorities are integers from 1 (lowest) to 10 (highest); the default group has 5. */
export const Priority = Type.Integer({ minimum: 1, maximum: 10 })
export const IdParams = Type.Object({ id: Uuid })

/** Which field a validation error is about, so a form can show it next to that field. */
export const ErrorField = Type.Object({
  in: Type.Union([Type.Literal('body'), Type.Literal('querystring'), Type.Literal('params')]),
  path: Type.String({ description: 'JSON pointer into the body or query, e.g. /queue/max_length' }),
  message: Type.String({ description: 'What is wrong with the value, e.g. "must be >= 1"' }),
})
export type ErrorField = Static<typeof ErrorField>

/** The one error shape of every `/corral/v1/*` route; `code` is stable, `message` is for people. */
export const CorralError = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. CORRAL_ERR_UNAUTHENTICATED' }),
    error: Type.String({ description: 'HTTP status text' }),
    message: Type.String(),
    fields: Type.Optional(
      Type.Array(ErrorField, { description: 'On CORRAL_ERR_VALIDATION: the field that was refused' }),
    ),
  },
  { $id: 'CorralError', description: 'Every error on /corral/v1/* has this shape' },
)
export type CorralError = Static<typeof CorralError>

/**
 * How many rows to skip. Bounded like every integer that reaches PostgreSQL: 999999999999999999999
 * passed `Type.Integer` as 1e21 and failed in the query (500) instead of being a 400.
 */
export const Offset = Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 })

/**
 * The total of a list whose rows can number in the hundreds of thousands: the server counts up to a
 * cap (10,000) and stops, so a count never reads every row (docs/admin-api.md, "Totals").
 */
export const ListTotal = Type.Object({
  total: Type.Integer({ description: 'Rows matching the filters; when total_exact is false, the cap' }),
  total_exact: Type.Boolean({
    description:
      'false: counting stopped at the cap and more than `total` rows match; page on while pages come back full',
  }),
})

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Offset,
})

/** `integer` columns (concurrency, per-minute rates) and `bigint` ones (token quotas) have these bounds. */
const int4Max = 2_147_483_647

export const Limits = Type.Object({
  max_concurrency: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  requests_per_minute: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  tokens_per_minute: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  daily_token_quota: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  monthly_token_quota: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
})
export type Limits = Static<typeof Limits>
const LimitValue = Type.Integer({ minimum: 1, maximum: int4Max, description: 'null means unlimited' })
const QuotaValue = Type.Integer({
  minimum: 1,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'null means unlimited',
})
export const LimitsPatch = Type.Object({
  max_concurrency: Type.Optional(Nullable(LimitValue)),
  requests_per_minute: Type.Optional(Nullable(LimitValue)),
  tokens_per_minute: Type.Optional(Nullable(LimitValue)),
  daily_token_quota: Type.Optional(Nullable(QuotaValue)),
  monthly_token_quota: Type.Optional(Nullable(QuotaValue)),
})

const modelListDescription = 'Model names this applies to; null means every model'
const ModelNames = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  maxItems: 500,
  description: modelListDescription,
})
export const ModelList = Type.Union([ModelNames, Type.Null()], { description: modelListDescription })
/** ModelList in request bodies (see Nullable). */
export const ModelListInput = Nullable(ModelNames)
