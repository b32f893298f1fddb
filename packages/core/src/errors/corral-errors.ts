import createError, { type FastifyErrorConstructor } from '@fastify/error'

/**
 * Every error Corral raises on purpose, defined once with a stable code. Services throw
 * these; one error handler (`error-handler.ts`) turns them into the error shape of the route family.
 * Messages are written for the client: they never contain secrets or internals.
 */
const define = (code: string, status: number, message = '%s'): FastifyErrorConstructor =>
  createError(`CORRAL_ERR_${code}`, message, status)

export const Errors = {
  badRequest: define('BAD_REQUEST', 400),
  validation: define('VALIDATION', 400),
  weakPassword: define('WEAK_PASSWORD', 400),
  invalidCidr: define('INVALID_CIDR', 400),
  invalidPublicKey: define('INVALID_PUBLIC_KEY', 400),
  priorityOutOfRange: define('PRIORITY_OUT_OF_RANGE', 400),
  invalidRange: define('INVALID_RANGE', 400),
  unknownTimeZone: define('UNKNOWN_TIME_ZONE', 400),
  unauthenticated: define('UNAUTHENTICATED', 401),
  invalidCredentials: define('INVALID_CREDENTIALS', 401, 'Invalid username or password'),
  invalidToken: define('INVALID_TOKEN', 401),
  forbidden: define('FORBIDDEN', 403),
  sessionRequired: define(
    'SESSION_REQUIRED',
    403,
    'Managing the account needs a signed-in browser session; API keys and CLI keys cannot do it',
  ),
  crossSite: define('CROSS_SITE', 403, 'Refused: this request came from a page of another site'),
  ipNotAllowed: define('IP_NOT_ALLOWED', 403, 'Your address is not allowed to use this server'),
  modelNotAllowed: define('MODEL_NOT_ALLOWED', 403),
  notFound: define('NOT_FOUND', 404),
  requestTimeout: define('REQUEST_TIMEOUT', 408),
  conflict: define('CONFLICT', 409),
  // Admin API refusals the admin panel explains in words of its own (packages/contracts/src/admin-errors.ts).
  lastAdmin: define('LAST_ADMIN', 409),
  staleEdit: define('STALE_EDIT', 409),
  allowlistLockout: define('ALLOWLIST_LOCKOUT', 409),
  payloadTooLarge: define('PAYLOAD_TOO_LARGE', 413),
  tooManyRequests: define('RATE_LIMITED', 429),
  quotaExceeded: define('QUOTA_EXCEEDED', 429),
  loginThrottled: define('LOGIN_THROTTLED', 429, 'Too many sign-in attempts; try again later'),
  queueFull: define('QUEUE_FULL', 503),
  queueTimeout: define('QUEUE_TIMEOUT', 503),
  noBackend: define('NO_BACKEND', 503),
  /** An operator cancelled the request on the queue board (docs/monitoring.md). */
  cancelled: define('CANCELLED', 503),
  upstreamUnavailable: define('UPSTREAM_UNAVAILABLE', 502),
  upstreamTimeout: define('UPSTREAM_TIMEOUT', 504),
  shuttingDown: define('SHUTTING_DOWN', 503, 'The server is shutting down; try again shortly'),
  databaseUnavailable: define(
    'DATABASE_UNAVAILABLE',
    503,
    'Corral cannot reach its database to check these credentials; try again shortly',
  ),
  busy: define('BUSY', 503),
  internal: define('INTERNAL', 500, 'Internal server error'),
} as const

export interface RetryAfter {
  /** Seconds a client should wait before retrying; becomes the `Retry-After` header. */
  retryAfterSeconds?: number
  /** Tells the OpenAI SDK not to retry (a hard quota); becomes `x-should-retry: false`. */
  noRetry?: boolean
}

/** Attaches `Retry-After` (and optionally "do not retry") to an error about to be thrown. */
export function withRetryAfter<E extends Error>(
  error: E,
  seconds: number,
  options: { noRetry?: boolean } = {},
): E & RetryAfter {
  const decorated = error as E & RetryAfter
  decorated.retryAfterSeconds = Math.max(1, Math.ceil(seconds))
  if (options.noRetry) decorated.noRetry = true
  return decorated
}
