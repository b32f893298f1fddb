import { isHttpError } from '@corral/web-kit'

export interface Problem {
  /** A short heading, chosen by the API's stable `code`. */
  title: string
  /** What happened and what to do, in words for people. */
  message: string
  /** The field the server refused, as a dotted path (`limits.daily_token_quota`), when it named one. */
  field: string | null
  /** Every refused field (dotted path → sentence), for forms that show errors beside the fields. */
  fieldErrors: Record<string, string>
  code: string
  status: number
}

/**
 * Titles for the API's stable error codes. The server's messages are already written for people
 * (they name the user, the group, the address) and are shown beneath; validation messages come from
 * the schema validator and are reworded by `humanizeValidation`.
 */
const titles: Record<string, string> = {
  CORRAL_ERR_VALIDATION: 'Check the highlighted field',
  CORRAL_ERR_BAD_REQUEST: 'The request was not accepted',
  CORRAL_ERR_WEAK_PASSWORD: 'Choose a stronger password',
  CORRAL_ERR_INVALID_CIDR: 'Not an address range',
  CORRAL_ERR_PRIORITY_OUT_OF_RANGE: 'Priority out of range',
  CORRAL_ERR_INVALID_RANGE: 'Choose another time range',
  CORRAL_ERR_UNKNOWN_TIME_ZONE: 'Unknown time zone',
  CORRAL_ERR_UNAUTHENTICATED: 'You are signed out',
  CORRAL_ERR_INVALID_CREDENTIALS: 'Sign-in failed',
  CORRAL_ERR_INVALID_TOKEN: 'Your session ended',
  CORRAL_ERR_FORBIDDEN: 'Not allowed',
  CORRAL_ERR_IP_NOT_ALLOWED: 'Your address is not allowed',
  CORRAL_ERR_NOT_FOUND: 'It is gone',
  CORRAL_ERR_CONFLICT: 'That conflicts with what exists',
  CORRAL_ERR_STALE_EDIT: 'Someone else saved first',
  CORRAL_ERR_LAST_ADMIN: 'The last administrator must stay',
  CORRAL_ERR_ALLOWLIST_LOCKOUT: 'This would lock you out',
  CORRAL_ERR_PAYLOAD_TOO_LARGE: 'Too large',
  CORRAL_ERR_RATE_LIMITED: 'Slow down',
  CORRAL_ERR_LOGIN_THROTTLED: 'Too many sign-in attempts',
  CORRAL_ERR_NO_BACKEND: 'No model server is available',
  CORRAL_ERR_UPSTREAM_UNAVAILABLE: 'The model server did not answer',
  CORRAL_ERR_SHUTTING_DOWN: 'Corral is restarting',
  CORRAL_ERR_NETWORK: 'Cannot reach Corral',
  CORRAL_ERR_INTERNAL: 'Corral failed',
}

/** Ajv's "body/limits/daily_token_quota must be >= 1" → the field and a sentence about it. */
export function humanizeValidation(message: string): { field: string | null; message: string } {
  const match = /^(?:body|querystring|params)(\/\S*)? (.+)$/.exec(message.trim())
  if (!match) return { field: null, message }
  const field = pointerToPath(match[1] ?? '')
  return { field, message: sentenceAbout(field, match[2]!) }
}

/** `/queue/max_length` → `queue.max_length`; the root is null. */
export const pointerToPath = (pointer: string) => pointer.split('/').filter(Boolean).join('.') || null

/** "must be >= 1" about `queue.max_length` → "Max length must be at least 1." */
export function sentenceAbout(field: string | null, rawRule: string): string {
  const rule = rawRule
    .replace(/^must be >= (\S+)$/, 'must be at least $1')
    .replace(/^must be <= (\S+)$/, 'must be at most $1')
    .replace(/^must be > (\S+)$/, 'must be more than $1')
    .replace(/^must be < (\S+)$/, 'must be less than $1')
    .replace(/^must NOT have more than (\d+) characters$/, 'must be at most $1 characters long')
    .replace(/^must NOT have fewer than (\d+) characters$/, 'must be at least $1 characters long')
    .replace(/^must match format "uuid"$/, 'must be chosen from the list')
    .replace(/^must match format "date-time"$/, 'must be a date and time')
    .replace(/^must match pattern .+$/, 'has characters that are not allowed')
    .replace(/^must have required property '(.+)'$/, 'needs “$1”')
    .replace(/^must NOT have additional properties$/, 'has a field the server does not know')
  const label = field ? field.split('.').at(-1)!.replaceAll('_', ' ') : null
  return label ? `${capitalize(label)} ${rule}.` : `${capitalize(rule)}.`
}

export function describeError(error: unknown): Problem {
  if (!isHttpError(error)) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      title: 'Something went wrong',
      message,
      field: null,
      fieldErrors: {},
      code: 'CORRAL_ERR_CLIENT',
      status: 0,
    }
  }
  const title = titles[error.code] ?? (error.status >= 500 ? 'Corral failed' : 'The request was refused')
  const fieldErrors: Record<string, string> = {}
  for (const refused of error.fields) {
    const path = pointerToPath(refused.path)
    if (path) fieldErrors[path] ??= sentenceAbout(path, refused.message)
  }
  if (error.code === 'CORRAL_ERR_VALIDATION') {
    const first = error.fields[0]
    const { field, message } = first
      ? { field: pointerToPath(first.path), message: sentenceAbout(pointerToPath(first.path), first.message) }
      : humanizeValidation(error.message)
    if (field) fieldErrors[field] ??= message
    return { title, message, field, fieldErrors, code: error.code, status: error.status }
  }
  const retry = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : ''
  return {
    title,
    message: error.message + retry,
    field: null,
    fieldErrors,
    code: error.code,
    status: error.status,
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
