import { Type, type Static } from 'typebox'
import { SystemEvent, type SystemEventType } from './events.ts'

/** Every event type of the system event stream, read from the contract so a new type is known here. */
export const systemEventTypes: readonly SystemEventType[] = SystemEvent.anyOf.map(
  (schema) => schema.properties.type.const,
)

/**
 * `GET /corral/v1/admin/events` (docs/monitoring.md#the-event-stream). Each SSE message is one event:
 * `id` its `seq`, `event` its `type`, `data` the event as JSON. Besides the events the stream sends
 * `event: ready` first (`{"last_seq": n}`), `event: reset` when the events after the asked-for
 * sequence number are no longer kept (the panel refetches what it shows), and a `: heartbeat` comment
 * every 15 s.
 */
export const EventStreamQuery = Type.Object({
  types: Type.Optional(
    Type.String({
      description:
        'Comma-separated event types (request.finished) or families (request, backend); all when omitted',
      maxLength: 1000,
    }),
  ),
  since: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Resume after this sequence number (as the Last-Event-ID header does)',
    }),
  ),
})
export type EventStreamQuery = Static<typeof EventStreamQuery>

/** The data of `event: ready` and `event: reset`. */
export const EventStreamControl = Type.Object({ last_seq: Type.Integer({ minimum: 0 }) })
export type EventStreamControl = Static<typeof EventStreamControl>
