import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'

const text = Type.String({ description: 'The reason in plain words, built from the other fields' })

/**
 * Why a request is still waiting (docs/monitoring.md, "The live queue board"): a stable `kind`, its
 * parameters, and `text`, the sentence built from them in one place on the server.
 */
export const WaitingReason = Type.Union([
  Type.Object({ kind: Type.Literal('no-backend'), model: Type.String(), text }),
  Type.Object({
    kind: Type.Literal('slots-busy'),
    backends: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    slots: Type.Integer(),
    text,
  }),
  Type.Object({ kind: Type.Literal('higher-priority'), ahead: Type.Integer(), text }),
  Type.Object({
    kind: Type.Literal('fair-share'),
    /** The user's virtual token counter ÷ the least-served user's ahead of it; null when that is 0. */
    ratio: Type.Union([Type.Number(), Type.Null()]),
    counter: Type.Number(),
    least_counter: Type.Number(),
    ahead: Type.Integer(),
    text,
  }),
])
export type WaitingReason = Static<typeof WaitingReason>

export const WaitingRequest = Type.Object({
  id: Type.String(),
  user_id: Uuid,
  username: Type.String(),
  key_id: Type.Union([Uuid, Type.Null()]),
  group_id: Type.Union([Uuid, Type.Null()]),
  model: Type.String(),
  priority: Type.Integer({ description: 'Base priority (1–10), after any promotion' }),
  promoted_from: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The base priority it arrived with, when an operator promoted it',
  }),
  effective_priority: Type.Integer(),
  next_aging_ms: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Until the effective priority rises by one; null with aging off',
  }),
  waited_ms: Type.Integer(),
  position: Type.Integer(),
  model_position: Type.Integer({ description: 'Position among the requests waiting for the same model' }),
  estimated_wait_ms: Type.Integer(),
  reason: WaitingReason,
})
export type WaitingRequest = Static<typeof WaitingRequest>

export const RunningRequest = Type.Object({
  id: Type.String(),
  user_id: Uuid,
  username: Type.String(),
  key_id: Type.Union([Uuid, Type.Null()]),
  group_id: Type.Union([Uuid, Type.Null()]),
  model: Type.String(),
  priority: Type.Integer(),
  backend_id: Type.String(),
  running_ms: Type.Integer(),
  /** From arrival at Corral to the first token; null until it came. */
  time_to_first_token_ms: Type.Union([Type.Integer(), Type.Null()]),
  output_tokens: Type.Integer({ description: 'Output tokens (lines or events) relayed so far' }),
  tokens_per_second: Type.Union([Type.Number(), Type.Null()], {
    description: 'Output tokens per second since the first token; null before it',
  }),
})
export type RunningRequest = Static<typeof RunningRequest>

export const QueueSnapshot = Type.Object({
  waiting: Type.Array(WaitingRequest),
  running: Type.Array(RunningRequest),
  by_priority: Type.Array(Type.Object({ priority: Type.Integer(), waiting: Type.Integer() })),
  by_user: Type.Array(
    Type.Object({ user_id: Uuid, username: Type.String(), waiting: Type.Integer(), running: Type.Integer() }),
  ),
  backends: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      slots: Type.Integer(),
      busy: Type.Integer(),
      healthy: Type.Boolean(),
      draining: Type.Boolean(),
    }),
  ),
})
export type QueueSnapshot = Static<typeof QueueSnapshot>

export const MyQueue = Type.Object({
  waiting: Type.Array(
    Type.Object({
      id: Type.String(),
      model: Type.String(),
      position: Type.Integer(),
      estimated_wait_ms: Type.Integer(),
      waited_ms: Type.Integer(),
      reason: WaitingReason,
    }),
  ),
  running: Type.Array(Type.Object({ id: Type.String(), model: Type.String(), running_ms: Type.Integer() })),
})
export type MyQueue = Static<typeof MyQueue>

export const QueueRequestParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
export const PromoteQueuedRequest = Type.Object({
  priority: Type.Integer({
    minimum: 1,
    maximum: 10,
    description: 'The new base priority, for this request only',
  }),
})
export type PromoteQueuedRequest = Static<typeof PromoteQueuedRequest>
export const QueueCancelResult = Type.Object({
  id: Type.String(),
  was_running: Type.Boolean({ description: 'It had started: its upstream request was aborted' }),
})
export type QueueCancelResult = Static<typeof QueueCancelResult>
export const QueuePromoteResult = Type.Object({
  id: Type.String(),
  priority: Type.Integer(),
  previous_priority: Type.Integer(),
})
export type QueuePromoteResult = Static<typeof QueuePromoteResult>

export const Backend = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  slots: Type.Integer(),
  busy: Type.Integer(),
  state: Type.Union([Type.Literal('active'), Type.Literal('draining')]),
  healthy: Type.Boolean(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  last_checked_at: Type.Union([Timestamp, Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  models: Type.Array(Type.String()),
  loaded_models: Type.Array(Type.String()),
  source: Type.Union([Type.Literal('env'), Type.Literal('admin')]),
})
export type Backend = Static<typeof Backend>

export const CreateBackendRequest = Type.Object({
  url: Type.String({ pattern: '^https?://', maxLength: 500 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  slots: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
})
export const UpdateBackendRequest = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
  slots: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('draining')])),
})

export const AvailableModel = Type.Object({
  name: Type.String(),
  family: Type.Union([Type.String(), Type.Null()]),
  parameter_size: Type.Union([Type.String(), Type.Null()]),
  capabilities: Type.Array(Type.String()),
  loaded: Type.Boolean(),
})
export const AvailableModels = Type.Object({ models: Type.Array(AvailableModel) })
export type AvailableModel = Static<typeof AvailableModel>
