/**
 * The three error bodies of the public interface: Ollama's shape on `/api/*`, OpenAI's on `/v1/*`, and
 * Corral's own shape everywhere else. Streaming code uses these too, for errors after headers.
 */
export type RouteFamily = 'ollama' | 'openai' | 'corral'

export function routeFamily(url: string): RouteFamily {
  if (url.startsWith('/api/') || url === '/api') return 'ollama'
  if (url.startsWith('/v1/') || url === '/v1') return 'openai'
  return 'corral'
}

export function ollamaErrorBody(message: string): { error: string } {
  return { error: message }
}

const openAiTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: null; code: null }
}

export function openAiErrorBody(status: number, message: string): OpenAiErrorBody {
  return { error: { message, type: openAiTypes[status] ?? 'api_error', param: null, code: null } }
}

/** A refused field of a Corral route's request (contracts' ErrorField): forms show it by the input. */
export interface ErrorField {
  in: 'body' | 'querystring' | 'params'
  path: string
  message: string
}

export interface CorralErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  fields?: ErrorField[]
}

export function errorBodyFor(
  family: RouteFamily,
  status: number,
  code: string,
  message: string,
  fields?: ErrorField[],
): unknown {
  switch (family) {
    case 'ollama':
      return ollamaErrorBody(message)
    case 'openai':
      return openAiErrorBody(status, message)
    case 'corral':
      return {
        statusCode: status,
        code,
        error: statusText(status),
        message,
        ...(fields ? { fields } : {}),
      } satisfies CorralErrorBody
  }
}

const statusTexts: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export function statusText(status: number): string {
  return statusTexts[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}
