import { Type, type Static } from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
/** Priorities are integers from 1 (lowest) to 10 (highest); the default group has 5. */
export const Priority = Type.Integer({ minimum: 1, maximum: 10 })
export const IdParams = Type.Object({ id: Uuid })

/** The one error shape of every `/corral/v1/*` route; `code` is stable, `message` is for people. */
export const CorralError = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. CORRAL_ERR_UNAUTHENTICATED' }),
    error: Type.String({ description: 'HTTP status text' }),
    message: Type.String(),
  },
  { $id: 'CorralError', description: 'Every error on /corral/v1/* has this shape' },
)
export type CorralError = Static<typeof CorralError>

export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
})

export const Limits = Type.Object({
  max_concurrency: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  requests_per_minute: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  tokens_per_minute: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  daily_token_quota: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  monthly_token_quota: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
})
export type Limits = Static<typeof Limits>
export const LimitsPatch = Type.Partial(Limits)

export const ModelList = Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 }), Type.Null()], {
  description: 'Model names this applies to; null means every model',
})
