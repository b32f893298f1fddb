import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'

/**
 * The endpoints a usage record can name: the inference routes of the proxy
 * (services/proxy/src/proxy/endpoints.ts), the only ones that are queued and accounted.
 */
export const requestLogEndpoints = [
  '/api/generate',
  '/api/chat',
  '/api/embed',
  '/api/embeddings',
  '/v1/chat/completions',
  '/v1/completions',
  '/v1/embeddings',
  '/v1/responses',
  '/v1/messages',
  '/v1/audio/transcriptions',
] as const

/** A position in the log (newest first): opaque, taken from a page's `next_cursor` or `newest_cursor`. */
const Cursor = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

/** The filters of the request log; the export takes the same ones. */
const requestFilters = {
  user_id: Type.Optional(Uuid),
  key_id: Type.Optional(Uuid),
  group_id: Type.Optional(Uuid),
  model: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  backend_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  endpoint: Type.Optional(Type.Union(requestLogEndpoints.map((endpoint) => Type.Literal(endpoint)))),
  status: Type.Optional(
    Type.String({
      pattern: '^[1-5]([0-9][0-9]|xx)$',
      description: 'An exact status (503) or a class (5xx); 499 is a client that left',
    }),
  ),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
}

export const RequestLogQuery = Type.Object({
  ...requestFilters,
  before: Type.Optional(Cursor),
  after: Type.Optional(Cursor),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
})
export type RequestLogQuery = Static<typeof RequestLogQuery>

export const RequestLogExportQuery = Type.Object({
  ...requestFilters,
  format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')], { default: 'csv' }),
})
export type RequestLogExportQuery = Static<typeof RequestLogExportQuery>

export const RequestLogIdParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'The record id' }),
})

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableUuid = Type.Union([Uuid, Type.Null()])

/** One usage record as the request log shows it, with the names of who sent it. */
export const RequestLogRecord = Type.Object({
  id: Type.Integer(),
  request_id: Type.String(),
  finished_at: Timestamp,
  user_id: Uuid,
  username: Type.Union([Type.String({ description: 'null once the user is deleted' }), Type.Null()]),
  key_id: NullableUuid,
  key_name: Type.Union([Type.String({ description: 'null for the chat app or a deleted key' }), Type.Null()]),
  group_id: NullableUuid,
  group_name: NullableString,
  model: Type.String(),
  backend_id: NullableString,
  backends_tried: Type.Array(Type.String(), { description: 'Every backend it was sent to, in order' }),
  requeues: Type.Integer({ description: 'Times a backend refused before streaming' }),
  endpoint: Type.String(),
  source: Type.String(),
  status: Type.Integer(),
  error: NullableString,
  priority: Type.Integer(),
  prompt_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
  queue_wait_ms: Type.Integer(),
  time_to_first_token_ms: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer(),
})
export type RequestLogRecord = Static<typeof RequestLogRecord>

export const RequestLogPage = Type.Object({
  records: Type.Array(RequestLogRecord, { description: 'Newest first' }),
  next_cursor: Type.Union([Cursor, Type.Null()], {
    description: 'Pass as `before` for the older records; null on the last page',
  }),
  newest_cursor: Type.Union([Cursor, Type.Null()], {
    description: 'Pass as `after` to get only what finished since (the live tail)',
  }),
  has_newer: Type.Boolean({
    description: 'With `after`: more new records than `limit`; ask again with the new `newest_cursor`',
  }),
})
export type RequestLogPage = Static<typeof RequestLogPage>

/** Columns of the CSV export, in order (the NDJSON export has the same fields, one object a line). */
export const requestLogCsvColumns = [
  'id',
  'request_id',
  'finished_at',
  'user_id',
  'username',
  'key_id',
  'key_name',
  'group_id',
  'group_name',
  'model',
  'backend_id',
  'backends_tried',
  'requeues',
  'endpoint',
  'source',
  'status',
  'error',
  'priority',
  'prompt_tokens',
  'output_tokens',
  'queue_wait_ms',
  'time_to_first_token_ms',
  'duration_ms',
] as const satisfies readonly (keyof RequestLogRecord)[]

/**
 * The export's file name, with its range: `corral-requests-20261201T0000Z-20261202T1451Z.csv`
 * (`start` when there is no `from`; now when there is no `to`), in characters every file system takes.
 */
export function requestLogFilename(
  from: string | undefined,
  to: string | undefined,
  extension: string,
): string {
  const compact = (text: string) => `${new Date(text).toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`
  return `corral-requests-${from ? compact(from) : 'start'}-${compact(to ?? new Date().toISOString())}.${extension}`
}
