import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'
import { Backend, UpdateBackendRequest } from './queue.ts'

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

/** One health check of a backend (the server keeps the last 60 in memory; a restart clears them). */
export const HealthCheck = Type.Object({
  at: Timestamp,
  healthy: Type.Boolean(),
  error: NullableString,
})
export type HealthCheck = Static<typeof HealthCheck>

/** A model a backend has (its `/api/tags` entry). */
export const BackendModel = Type.Object({
  name: Type.String(),
  size: NullableInteger,
  digest: NullableString,
  modified_at: NullableString,
  family: NullableString,
  parameter_size: NullableString,
  quantization_level: NullableString,
})
export type BackendModel = Static<typeof BackendModel>

/** A model a backend has loaded (its `/api/ps` entry). */
export const LoadedModel = Type.Object({
  name: Type.String(),
  size: NullableInteger,
  size_vram: NullableInteger,
  expires_at: NullableString,
  context_length: NullableInteger,
})
export type LoadedModel = Static<typeof LoadedModel>

/** `GET /admin/backends/{id}`: a backend with its health history and its models in detail. */
export const AdminBackend = Type.Object({
  ...Backend.properties,
  health_history: Type.Array(HealthCheck, { description: 'Newest first' }),
  model_details: Type.Array(BackendModel),
  loaded_model_details: Type.Array(LoadedModel),
})
export type AdminBackend = Static<typeof AdminBackend>
export const AdminBackendList = Type.Object({ backends: Type.Array(AdminBackend) })

/** `PATCH /admin/backends/{id}`: rename, move (url), resize (slots), drain or resume (state). */
export const AdminUpdateBackendRequest = UpdateBackendRequest
export type AdminUpdateBackendRequest = Static<typeof UpdateBackendRequest>

/** A model across the fleet: which backends have it and which have it loaded. */
export const FleetModel = Type.Object({
  name: Type.String(),
  size: NullableInteger,
  backends: Type.Array(Type.Object({ id: Uuid, name: Type.String(), loaded: Type.Boolean() })),
})
export const FleetModels = Type.Object({ models: Type.Array(FleetModel) })
export type FleetModel = Static<typeof FleetModel>

const ModelName = Type.String({ minLength: 1, maxLength: 200, description: 'e.g. llama3.2, qwen3:8b' })
const BackendIds = Type.Optional(
  Type.Array(Uuid, {
    minItems: 1,
    maxItems: 100,
    uniqueItems: true,
    description: 'The backends to act on; absent means every healthy backend',
  }),
)

export const PullStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
])
export type PullStatus = Static<typeof PullStatus>

/** One backend's part of a pull, as the server last heard it from that backend. */
export const PullProgress = Type.Object({
  backend_id: Uuid,
  backend_name: Type.String(),
  status: PullStatus,
  message: Type.String({ description: 'The backend’s last status line, e.g. "pulling 8eeb52dfb3bb"' }),
  completed: Type.Integer({ description: 'Bytes downloaded so far, over every layer seen' }),
  total: Type.Integer({ description: 'Bytes of every layer seen so far (grows as layers appear)' }),
  percent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  error: NullableString,
  finished_at: Type.Union([Timestamp, Type.Null()]),
})
export type PullProgress = Static<typeof PullProgress>

/**
 * A pull held by the server: it runs whether or not anyone watches, survives a page reload, and every
 * admin sees the same progress. Finished pulls are kept for an hour (the last 50), in memory.
 */
export const ModelPull = Type.Object({
  id: Uuid,
  model: Type.String(),
  status: PullStatus,
  started_at: Timestamp,
  started_by: NullableString,
  finished_at: Type.Union([Timestamp, Type.Null()]),
  backends: Type.Array(PullProgress),
})
export type ModelPull = Static<typeof ModelPull>
export const ModelPullList = Type.Object({ pulls: Type.Array(ModelPull, { description: 'Newest first' }) })

export const StartModelPullRequest = Type.Object({ model: ModelName, backend_ids: BackendIds })
export type StartModelPullRequest = Static<typeof StartModelPullRequest>

export const DeleteModelRequest = Type.Object({ model: ModelName, backend_ids: BackendIds })
export type DeleteModelRequest = Static<typeof DeleteModelRequest>

export const CopyModelRequest = Type.Object({
  source: ModelName,
  destination: ModelName,
  backend_ids: BackendIds,
})
export type CopyModelRequest = Static<typeof CopyModelRequest>

/** Delete and copy act on each backend; each answers for itself. */
export const ModelActionResult = Type.Object({
  results: Type.Array(
    Type.Object({
      backend_id: Uuid,
      backend_name: Type.String(),
      ok: Type.Boolean(),
      status: Type.Integer({ description: 'The backend’s HTTP status (0: it did not answer)' }),
      error: NullableString,
    }),
  ),
})
export type ModelActionResult = Static<typeof ModelActionResult>
