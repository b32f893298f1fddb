import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimContext } from '../sim-context.ts'
import { lower, raise } from '../stats.ts'
import type { SimFault, SimRequestEvent } from '../types.ts'
import { cleanPath } from './clean-path.ts'
import { Exchange } from './exchange.ts'
import { bytesToText, parseRequestTarget } from './go-url.ts'
import { isAllowedHost } from './host-check.ts'
import { HttpError } from './http-error.ts'
import { cleanPathLocation, sendRedirect, trailingSlashLocation } from './redirects.ts'
import { send, sendEmpty, sendError, sendJson, type ErrorShape } from './responses.ts'
import type { Route, Router } from './router.ts'

export type ControlHandler = (
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) => Promise<void>

/**
 * The request listener, in the order a request passes through Ollama: Go's `net/http` parses the target
 * (a bad `%` escape is a 400), `ServeMux` redirects unclean paths, gin looks the decoded path up and
 * redirects a trailing-slash twin before any middleware runs; then the Host check, injected status
 * faults, and the route.
 */
export function createDispatcher(ctx: SimContext, router: Router, control: ControlHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    const rawPath = query === -1 ? url : url.slice(0, query)
    if (rawPath.startsWith('/_sim/')) {
      void control(ctx, req, res, rawPath)
      return
    }
    const { stats } = ctx
    const id = ++ctx.nextRequestId
    stats.requests++
    stats.lastHeaders = req.headers
    raise(stats, 'inFlight')
    res.once('close', () => lower(stats, 'inFlight'))
    const method = req.method ?? 'GET'
    const target = parseRequestTarget(url)
    const path = target.kind === 'path' ? bytesToText(target.path) : rawPath
    if (ctx.events.listenerCount('request') > 0) {
      const event: SimRequestEvent = { id, method, path, rawPath, headers: req.headers }
      ctx.events.emit('request', event)
    }
    if (target.kind === 'bad') return sendBadRequest(res)
    if (target.kind === 'asterisk') return sendAsterisk(res, method)
    const cleaned = cleanPath(target.escapedPath)
    if (cleaned !== target.escapedPath) {
      return sendRedirect(res, method, cleanPathLocation(cleaned, target.rawQuery), 307)
    }
    const match = router.match(method, target.path)
    if (match.kind === 'trailing-slash') {
      const prefix = req.headers['x-forwarded-prefix']
      const location = trailingSlashLocation(
        target.path,
        target.rawQuery,
        Array.isArray(prefix) ? prefix[0] : prefix,
      )
      return sendRedirect(res, method, location, method === 'GET' ? 301 : 307)
    }
    if (ctx.options.requireHost && ctx.listensOnLoopback && !isAllowedHost(req.headers.host)) {
      return sendEmpty(res, 403)
    }
    const fault = ctx.faults.takeStatus(path)
    if (fault) {
      const shape =
        match.kind === 'found' ? match.route.errors : path.startsWith('/v1/') ? 'openai' : 'native'
      return sendStatusFault(res, shape, fault)
    }
    // Ollama answers preflight-less OPTIONS with 204 once the Host check passed; CORS itself is not simulated.
    if (method === 'OPTIONS') return sendEmpty(res, 204)
    if (match.kind === 'not-found') return send(res, 404, 'text/plain', '404 page not found')
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allow.join(', '))
      return send(res, 405, 'text/plain', '405 method not allowed')
    }
    if (match.route.inference) {
      raise(stats, 'inferenceInFlight')
      res.once('close', () => lower(stats, 'inferenceInFlight'))
    }
    void run(new Exchange(ctx, id, req, res, path, match.params), match.route)
  }
}

/** What Go's server writes itself for a target it cannot parse, before closing the connection. */
function sendBadRequest(res: ServerResponse): void {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
  res.end('400 Bad Request')
}

/** `OPTIONS *` is answered by the server (`globalOptionsHandler`); any other `*` by `ServeMux` with 400. */
function sendAsterisk(res: ServerResponse, method: string): void {
  if (method === 'OPTIONS') return sendEmpty(res, 200)
  res.writeHead(400, { Connection: 'close' })
  res.end()
}

async function run(exchange: Exchange, route: Route): Promise<void> {
  try {
    await route.handler(exchange)
  } catch (error) {
    const { res } = exchange
    if (res.destroyed) return
    // Once bytes are out the status cannot change; cut the connection so the client sees a failure.
    if (res.headersSent) return void res.destroy()
    if (error instanceof HttpError) return sendError(res, route.errors, error.status, error.message)
    sendError(res, route.errors, 500, error instanceof Error ? error.message : String(error))
  }
}

type StatusFault = Extract<SimFault, { kind: 'status' }>

function sendStatusFault(res: ServerResponse, shape: ErrorShape, fault: StatusFault): void {
  if (fault.body === undefined) return sendError(res, shape, fault.status, `simulated ${fault.status} fault`)
  if (typeof fault.body === 'string') return send(res, fault.status, 'text/plain; charset=utf-8', fault.body)
  sendJson(res, fault.status, fault.body)
}
