import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'

/**
 * The system's event stream (docs/monitoring.md): what the proxy, the backends and the admin API report
 * as it happens. It feeds the admin panel's live views over Server-Sent Events
 * (`GET /corral/v1/admin/events`) and is the one place alerts and webhooks subscribe to. Every event has
 * a process-wide increasing `seq` (the SSE id: a reconnecting panel resumes after the last one it saw)
 * and `at`, when it happened. Ids of users, keys and groups are UUIDs; names are included where a person
 * reads them, so a screen can show an event without a lookup.
 */
const Header = {
  seq: Type.Integer({ minimum: 1 }),
  at: Timestamp,
}
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

const Requester = {
  request_id: Type.String(),
  user_id: Type.String(),
  username: Type.String(),
  key_id: Nullable(Type.String()),
  group_id: Nullable(Type.String()),
  model: Type.String(),
  priority: Type.Integer({ minimum: 1, maximum: 10 }),
}

/** Why a request was refused before reaching a backend: the reasons `corral_rejections_total` counts. */
export const RefusalReason = Type.String({
  description:
    'queue-full, user-queue-full, queue-timeout, rate-limit, concurrency-limit, daily-quota, monthly-quota, model-not-allowed, no-backend, …',
})

export const RequestQueuedEvent = Type.Object({
  ...Header,
  type: Type.Literal('request.queued'),
  ...Requester,
})
export const RequestStartedEvent = Type.Object({
  ...Header,
  type: Type.Literal('request.started'),
  ...Requester,
  backend_id: Type.String(),
  queue_wait_ms: Type.Integer(),
})
export const RequestFinishedEvent = Type.Object({
  ...Header,
  type: Type.Literal('request.finished'),
  ...Requester,
  backend_id: Nullable(Type.String()),
  status: Type.Integer(),
  prompt_tokens: Type.Integer(),
  output_tokens: Type.Integer(),
  queue_wait_ms: Type.Integer(),
  time_to_first_token_ms: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer(),
  error: Nullable(Type.String()),
})
export const RequestRefusedEvent = Type.Object({
  ...Header,
  type: Type.Literal('request.refused'),
  ...Requester,
  reason: RefusalReason,
  status: Type.Integer(),
})
export const RequestCancelledEvent = Type.Object({
  ...Header,
  type: Type.Literal('request.cancelled'),
  ...Requester,
  /** `client`: the caller went away; `operator`: an admin cancelled it on the queue board. */
  by: Type.Union([Type.Literal('client'), Type.Literal('operator')]),
  /** Whether it had started on a backend (then its slot was freed) or was still waiting. */
  was_running: Type.Boolean(),
})

const BackendFields = {
  backend_id: Type.String(),
  name: Type.String(),
}
export const BackendUpEvent = Type.Object({ ...Header, type: Type.Literal('backend.up'), ...BackendFields })
export const BackendDownEvent = Type.Object({
  ...Header,
  type: Type.Literal('backend.down'),
  ...BackendFields,
  error: Nullable(Type.String()),
})
export const BackendDrainedEvent = Type.Object({
  ...Header,
  type: Type.Literal('backend.drained'),
  ...BackendFields,
  /** True when draining started, false when the backend was made active again. */
  draining: Type.Boolean(),
})
export const BackendSlotsEvent = Type.Object({
  ...Header,
  type: Type.Literal('backend.slots'),
  ...BackendFields,
  slots: Type.Integer(),
})
export const BackendAddedEvent = Type.Object({
  ...Header,
  type: Type.Literal('backend.added'),
  ...BackendFields,
})
export const BackendRemovedEvent = Type.Object({
  ...Header,
  type: Type.Literal('backend.removed'),
  ...BackendFields,
})

export const ModelPullEvent = Type.Object({
  ...Header,
  type: Type.Literal('model.pull'),
  ...BackendFields,
  model: Type.String(),
  /** Ollama's pull status line ("pulling manifest", "success", …) or "error". */
  status: Type.String(),
  completed: Type.Union([Type.Integer(), Type.Null()]),
  total: Type.Union([Type.Integer(), Type.Null()]),
  error: Nullable(Type.String()),
})

export const SettingsChangedEvent = Type.Object({
  ...Header,
  type: Type.Literal('settings.changed'),
  /** Top-level setting sections that changed, e.g. ["queue"]. */
  sections: Type.Array(Type.String()),
  actor_id: Nullable(Type.String()),
})
export const AuditEvent = Type.Object({
  ...Header,
  type: Type.Literal('audit'),
  action: Type.String(),
  actor_id: Nullable(Type.String()),
  actor_name: Nullable(Type.String()),
  target_type: Nullable(Type.String()),
  target_id: Nullable(Type.String()),
})
export const LimitReachedEvent = Type.Object({
  ...Header,
  type: Type.Literal('limit.reached'),
  scope: Type.Union([Type.Literal('key'), Type.Literal('group')]),
  scope_id: Type.String(),
  /** Which limit: rate, concurrency, daily-quota, monthly-quota. */
  limit: Type.String(),
  /** How much of a quota is used, 0–100 (100 for a limit that refused a request). */
  percent: Type.Number(),
  user_id: Nullable(Type.String()),
})
export const UserRegisteredEvent = Type.Object({
  ...Header,
  type: Type.Literal('user.registered'),
  user_id: Type.String(),
  username: Type.String(),
  group_id: Nullable(Type.String()),
})

export const SystemEvent = Type.Union([
  RequestQueuedEvent,
  RequestStartedEvent,
  RequestFinishedEvent,
  RequestRefusedEvent,
  RequestCancelledEvent,
  BackendUpEvent,
  BackendDownEvent,
  BackendDrainedEvent,
  BackendSlotsEvent,
  BackendAddedEvent,
  BackendRemovedEvent,
  ModelPullEvent,
  SettingsChangedEvent,
  AuditEvent,
  LimitReachedEvent,
  UserRegisteredEvent,
])
export type SystemEvent = Static<typeof SystemEvent>
export type SystemEventType = SystemEvent['type']
/** What a publisher hands the bus: the bus stamps `seq` and `at`. */
export type SystemEventInput = SystemEvent extends infer E
  ? E extends SystemEvent
    ? Omit<E, 'seq' | 'at'> & { at?: string }
    : never
  : never
