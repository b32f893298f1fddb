import type { FastifyError } from 'fastify'
import type { ErrorField, RouteFamily } from './error-shapes.ts'

export interface ClientError {
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
 * What a client is told about an error: its status, stable code and a message written for it. Used by
 * the one error handler, and by a stream that must report an error after its 200 went out (keep-alive).
 */
export function clientErrorOf(error: unknown, family: RouteFamily): ClientError {
  const fastifyError = error as FastifyError
  return classify(fastifyError, family) ?? serverError(fastifyError)
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
