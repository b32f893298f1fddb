import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'

export const WaitingRequest = Type.Object({
  id: Type.String(),
  user_id: Uuid,
  username: Type.String(),
  key_id: Type.Union([Uuid, Type.Null()]),
  model: Type.String(),
  priority: Type.Integer(),
  effective_priority: Type.Integer(),
  waited_ms: Type.Integer(),
  position: Type.Integer(),
})

export const RunningRequest = Type.Object({
  id: Type.String(),
  user_id: Uuid,
  username: Type.String(),
  model: Type.String(),
  backend_id: Type.String(),
  running_ms: Type.Integer(),
})

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
    }),
  ),
  running: Type.Array(Type.Object({ id: Type.String(), model: Type.String(), running_ms: Type.Integer() })),
})
export type MyQueue = Static<typeof MyQueue>

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
