/** A refused field of a validation error: `path` is a JSON pointer such as `/queue/max_length`. */
export interface ErrorField {
  in: string
  path: string
  message: string
}

/**
 * A failed HTTP call, carrying Corral's error shape (`{statusCode, code, error, message, fields?}`)
 * and the `Retry-After` of a 429 or 503. `status` 0 means the server could not be reached at all.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    /** The request carried the access token, so a 401 means the session is over. */
    readonly authenticated = false,
    /** Which fields a validation error is about, for forms that show it beside them. */
    readonly fields: readonly ErrorField[] = [],
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError

/** `Retry-After` is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

export async function httpErrorFrom(response: Response, authenticated: boolean): Promise<HttpError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
  let code = `HTTP_${response.status}`
  let message = response.statusText || `Request failed (${response.status})`
  let fields: ErrorField[] = []
  try {
    const body = (await response.json()) as {
      code?: unknown
      message?: unknown
      error?: unknown
      fields?: unknown
    }
    if (typeof body.code === 'string') code = body.code
    if (typeof body.message === 'string') message = body.message
    else if (typeof body.error === 'string') message = body.error
    if (Array.isArray(body.fields)) fields = body.fields.filter(isErrorField)
  } catch {
    // Not JSON (a proxy's HTML error page, say): keep the status text.
  }
  return new HttpError(response.status, code, message, retryAfter, authenticated, fields)
}

const isErrorField = (value: unknown): value is ErrorField =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ErrorField).path === 'string' &&
  typeof (value as ErrorField).message === 'string'
