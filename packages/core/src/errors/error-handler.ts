import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RetryAfter } from './corral-errors.ts'
import { errorBodyFor, routeFamily, type ErrorField, type RouteFamily } from './error-shapes.ts'
import { LogThrottle } from '../logging/log-throttle.ts'
import { loggableError } from '../logging/loggable-error.ts'

interface ClientError {
  status: number
  code: string
  message: string
  fields?: ErrorField[]
}

/** Fastify's own 4xx codes, mapped to Corral's stable codes with messages clients can act on. */
const fastifyErrors: Record<string, (error: FastifyError, family: RouteFamily) => ClientError> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: (_e, family) => ({
    status: 400,
    code: 'CORRAL_ERR_BAD_REQUEST',
    // Ollama's own wording, so clients see what they would see without the gateway.
    message: family === 'ollama' ? 'missing request body' : 'The request body is empty',
  }),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => ({ status: 400, code: 'CORRAL_ERR_BAD_REQUEST', message: e.message }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({
    status: 413,
    code: 'CORRAL_ERR_PAYLOAD_TOO_LARGE',
    message: 'The request body is too large',
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => ({
    status: 415,
    code: 'CORRAL_ERR_UNSUPPORTED_MEDIA_TYPE',
    message: e.message,
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (e) => ({
    status: 400,
    code: 'CORRAL_ERR_BAD_REQUEST',
    message: e.message,
  }),
}

function classify(error: FastifyError, family: RouteFamily): ClientError | undefined {
  if (error.validation) {
    return {
      status: 400,
      code: 'CORRAL_ERR_VALIDATION',
      message: error.message,
      fields: validationFields(error),
    }
  }
  const known = fastifyErrors[error.code]
  if (known) return known(error, family)
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { status: 400, code: 'CORRAL_ERR_BAD_REQUEST', message: error.message }
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const code = error.code?.startsWith('CORRAL_ERR_') ? error.code : 'CORRAL_ERR_BAD_REQUEST'
    return { status, code, message: error.message }
  }
  return undefined
}

/**
 * The one error handler (STYLE.md): services throw `Errors.*`, this picks the status and the error
 * shape of the route family (Ollama, OpenAI or Corral), adds `Retry-After`, and hides 5xx details.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  const logThrottle = new LogThrottle()
  app.setErrorHandler((error: FastifyError & RetryAfter, request: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message, fields } = classify(error, familyOf(request)) ?? serverError(error)
    if (code === 'CORRAL_ERR_INTERNAL') {
      // One failure repeated by every request (a database outage) is logged with its stack once a
      // minute per kind, with the count of the ones left out, not once per request.
      const logged = loggableError(error) as Error
      logThrottle.run(`${logged.name}:${logged.message}`, (suppressed) =>
        request.log.error({ err: logged, ...(suppressed ? { suppressed } : {}) }, 'request failed'),
      )
    } else request.log.info({ code, status }, message)
    // Refused before its body was read (401 on a stalled upload, 408, 413): close the connection rather
    // than keep reading whatever the client goes on sending.
    if (!request.raw.complete) reply.header('connection', 'close')
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

/** Ajv's findings as fields a form can show next to their inputs (a missing property names itself). */
function validationFields(error: FastifyError): ErrorField[] {
  const where = error.validationContext
  const location = where === 'querystring' || where === 'params' ? where : 'body'
  return (error.validation ?? []).map((finding) => {
    const missing = (finding.params as { missingProperty?: unknown }).missingProperty
    const path = finding.instancePath + (typeof missing === 'string' ? `/${missing}` : '')
    return { in: location, path, message: finding.message ?? 'is not valid' }
  })
}

/** Corral's own 5xx errors (queue full, shutting down) have client-safe messages; anything else is hidden. */
function serverError(error: FastifyError): ClientError {
  if (error.code?.startsWith('CORRAL_ERR_') && error.statusCode) {
    return { status: error.statusCode, code: error.code, message: error.message }
  }
  return { status: 500, code: 'CORRAL_ERR_INTERNAL', message: 'Internal server error' }
}
