import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { clientErrorOf } from './client-error.ts'
import type { RetryAfter } from './corral-errors.ts'
import { errorBodyFor, routeFamily } from './error-shapes.ts'
import { LogThrottle } from '../logging/log-throttle.ts'
import { loggableError } from '../logging/loggable-error.ts'
import { closeAfterUnreadBody } from '../http/unread-body.ts'

/**
 * The one error handler (STYLE.md): services throw `Errors.*`, this picks the status and the error
 * shape of the route family (Ollama, OpenAI or Corral), adds `Retry-After`, and hides 5xx details.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  const logThrottle = new LogThrottle()
  app.setErrorHandler((error: FastifyError & RetryAfter, request: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message, fields } = clientErrorOf(error, familyOf(request))
    if (code === 'CORRAL_ERR_INTERNAL') {
      // One failure repeated by every request (a database outage) is logged with its stack once a
      // minute per kind, with the count of the ones left out, not once per request.
      const logged = loggableError(error) as Error
      logThrottle.run(`${logged.name}:${logged.message}`, (suppressed) =>
        request.log.error({ err: logged, ...(suppressed ? { suppressed } : {}) }, 'request failed'),
      )
    } else request.log.info({ code, status }, message)
    // Refused before its body was read (401 on an upload, 408, 413, 429): the rest of the body is
    // discarded for a moment so that the client reads this answer, then the connection is cut.
    if (!request.raw.complete)
      closeAfterUnreadBody(request.raw, reply.raw, code === 'CORRAL_ERR_REQUEST_TIMEOUT' ? 0 : undefined)
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds))
    if (error.noRetry) reply.header('x-should-retry', 'false')
    return reply.code(status).send(errorBodyFor(familyOf(request), status, code, message, fields))
  })
}

/**
 * The family of the route the request matched (`/%61pi/pull` matched `/api/*`: the router decodes
 * paths, as Ollama's does), or of its raw path when it matched none.
 */
function familyOf(request: FastifyRequest) {
  return routeFamily(request.routeOptions.url ?? request.url)
}
