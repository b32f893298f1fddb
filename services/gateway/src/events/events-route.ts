import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EventStreamQuery } from '@corral/contracts'
import type { EventBus } from '@corral/core'
import { Errors, isCrossSite, requireIdentity } from '@corral/core'
import { KeyCounts } from '../network/key-counts.ts'
import { EventOutbox, type OutboxLimits } from './event-outbox.ts'
import { openingFor, resumePoint } from './event-resume.ts'
import { parseEventTypes } from './event-types-filter.ts'
import { controlFrame, eventFrame, heartbeatFrame, retryFrame } from './sse-frames.ts'

const heartbeatMs = 15_000
/** Streams one account may hold: the panel opens one per tab. */
const maxStreamsPerUser = 16
const reconnectMs = 2_000

export interface EventsRouteOptions {
  events: EventBus
  /** Tests and the benchmark tune the batching; the defaults are the documented ones. */
  outboxLimits?: OutboxLimits
}

/**
 * `GET /corral/v1/admin/events`: the system event stream for the admin panel, as Server-Sent Events.
 * The gateway owns it, as it owns the chat WebSocket: both are long-lived browser connections that
 * need the session, the same-origin check and per-user connection bounds, and the bus is in-process
 * (docs/monitoring.md#the-event-stream). The stream ends when the access token expires, so a session
 * that was revoked does not keep watching; the panel reconnects with a fresh token and resumes.
 */
export const eventsRoute: FastifyPluginAsyncTypebox<EventsRouteOptions> = async (app, options) => {
  const streamsPerUser = new KeyCounts()
  const open = new Set<() => void>()
  app.addHook('onClose', async () => {
    for (const end of [...open]) end()
  })

  app.get(
    '/corral/v1/admin/events',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin: events'],
        summary: 'The system event stream (Server-Sent Events), resumable with Last-Event-ID',
        querystring: EventStreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      if (isCrossSite(request)) throw new Errors.crossSite()
      const identity = requireIdentity(request)
      const types = parseEventTypes(request.query.types)
      const resumeAfter = resumePoint(request.headers['last-event-id'], request.query.since)
      if (streamsPerUser.get(identity.userId) >= maxStreamsPerUser)
        throw new Errors.tooManyRequests(`At most ${maxStreamsPerUser} event streams per account`)

      const response = reply.raw
      reply.hijack()
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      })
      response.flushHeaders()
      streamsPerUser.increment(identity.userId)

      const outbox = new EventOutbox(
        {
          write: (chunk) => void response.write(chunk),
          get backlog() {
            return response.writableLength
          },
        },
        (reason) => {
          request.log.warn({ reason }, 'an event stream subscriber could not keep up and was cut off')
          end()
        },
        options.outboxLimits,
      )
      // Subscribed and replayed in one synchronous step: no event can fall between them.
      const unsubscribe = options.events.subscribe((event) => outbox.push(event), { types })
      const opening = openingFor(options.events, resumeAfter, types)
      let head = retryFrame(reconnectMs) + controlFrame('ready', options.events.lastSeq)
      if (opening.reset) head += controlFrame('reset', options.events.lastSeq)
      for (const event of opening.events) head += eventFrame(event)
      response.write(head)

      const heartbeat = setInterval(() => outbox.send(heartbeatFrame), heartbeatMs)
      const expiresInMs =
        request.credentialExpiresAt === null ? null : request.credentialExpiresAt - Date.now()
      const expiry = expiresInMs === null ? undefined : setTimeout(() => end(), Math.max(0, expiresInMs))
      let ended = false
      function end(): void {
        if (ended) return
        ended = true
        open.delete(end)
        unsubscribe()
        outbox.close()
        clearInterval(heartbeat)
        clearTimeout(expiry)
        streamsPerUser.decrement(identity.userId)
        response.end()
      }
      open.add(end)
      response.on('close', end)
    },
  )
}
