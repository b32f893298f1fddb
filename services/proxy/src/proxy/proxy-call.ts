import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Identity } from '@corral/core'
import type { BodyHold } from './body-budget.ts'

/** One proxied request, as the HTTP layer hands it to the proxy service. */
export interface ProxyCall {
  requestId: string
  method: string
  /**
   * The path without query string, e.g. `/api/chat`: percent-decoded and normalized
   * (`request-path.ts`), so what Corral classifies is what the backend routes on.
   */
  path: string
  /** The query string with its `?`, or ''. */
  search: string
  headers: IncomingHttpHeaders
  /** The unread request body; the proxy buffers or streams it depending on the route. */
  body: IncomingMessage
  identity: Identity
  /** Aborted when the client goes away. */
  signal: AbortSignal
  arrivedAt: number
  /** The body's share of the body memory, given by the proxy service (body-budget.ts). */
  hold?: BodyHold
}

/**
 * What the proxy answers: either a body it computed (catalogs, gateway-made errors are thrown
 * instead), or an upstream response to stream out once the HTTP layer has handed over the socket.
 */
export type ProxyResult =
  | { kind: 'json'; status: number; body: unknown; headers?: OutgoingHttpHeaders }
  | {
      kind: 'stream'
      status: number
      headers: OutgoingHttpHeaders
      pipeTo(response: ServerResponse): Promise<void>
    }
