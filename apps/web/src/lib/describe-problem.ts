import { formatSeconds } from './format.ts'
import { isHttpError } from '@corral/web-kit'
import { readableValidation } from './readable-validation.ts'

export type ProblemKind = 'busy' | 'limit' | 'down' | 'signed-out' | 'invalid' | 'other'

export interface Problem {
  kind: ProblemKind
  title: string
  /** The server's own message: it is written for people and says what to change. */
  message: string
  retryAfterSeconds: number | null
}

/** A title for every stable code Corral sends (`packages/core/src/errors/corral-errors.ts`). */
const titles: Record<string, [ProblemKind, string]> = {
  CORRAL_ERR_BAD_REQUEST: ['invalid', 'The request was not accepted'],
  CORRAL_ERR_VALIDATION: ['invalid', 'Check what you entered'],
  CORRAL_ERR_WEAK_PASSWORD: ['invalid', 'Choose a stronger password'],
  CORRAL_ERR_INVALID_CIDR: ['invalid', 'Not a valid address range'],
  CORRAL_ERR_INVALID_PUBLIC_KEY: ['invalid', 'Not a valid public key'],
  CORRAL_ERR_PRIORITY_OUT_OF_RANGE: ['invalid', 'Priority out of range'],
  CORRAL_ERR_PAYLOAD_TOO_LARGE: ['invalid', 'Too large'],
  CORRAL_ERR_UNSUPPORTED_MEDIA_TYPE: ['invalid', 'Unsupported content type'],
  CORRAL_ERR_INVALID_CREDENTIALS: ['invalid', 'Wrong username or password'],
  CORRAL_ERR_CONFLICT: ['invalid', 'That clashes with what exists'],
  CORRAL_ERR_NOT_FOUND: ['other', 'Not found'],
  CORRAL_ERR_FORBIDDEN: ['other', 'Not allowed'],
  CORRAL_ERR_IP_NOT_ALLOWED: ['other', 'Your address is not allowed'],
  CORRAL_ERR_MODEL_NOT_ALLOWED: ['other', 'Model not allowed'],
  CORRAL_ERR_QUEUE_FULL: ['busy', 'The server is busy'],
  CORRAL_ERR_QUEUE_TIMEOUT: ['busy', 'Waited too long in the queue'],
  CORRAL_ERR_SHUTTING_DOWN: ['busy', 'The server is restarting'],
  CORRAL_ERR_RATE_LIMITED: ['limit', 'Rate limit reached'],
  CORRAL_ERR_QUOTA_EXCEEDED: ['limit', 'Token quota used up'],
  CORRAL_ERR_LOGIN_THROTTLED: ['limit', 'Too many sign-in attempts'],
  CORRAL_ERR_NO_BACKEND: ['down', 'The model servers are down'],
  CORRAL_ERR_UPSTREAM_UNAVAILABLE: ['down', 'The model server is unavailable'],
  CORRAL_ERR_UPSTREAM: ['down', 'The model failed to answer'],
  CORRAL_ERR_NETWORK: ['down', 'Cannot reach Corral'],
  CORRAL_ERR_CONNECTION_LOST: ['down', 'Connection lost'],
  CORRAL_ERR_UNAUTHENTICATED: ['signed-out', 'You are signed out'],
  CORRAL_ERR_INVALID_TOKEN: ['signed-out', 'Your session ended'],
  CORRAL_ERR_INTERNAL: ['other', 'Corral hit an internal error'],
  CORRAL_ERR_CLIENT: ['other', 'The app hit an error'],
}

/** For errors without a Corral code (a proxy's error page, say): the HTTP status says what happened. */
function titleForStatus(status: number): [ProblemKind, string] {
  if (status === 401) return ['signed-out', 'You are signed out']
  if (status === 403) return ['other', 'Not allowed']
  if (status === 404) return ['other', 'Not found']
  if (status === 429) return ['limit', 'Too many requests']
  if (status === 502 || status === 503 || status === 504) return ['down', 'Corral is unavailable']
  if (status >= 500) return ['other', 'Corral hit an internal error']
  return ['invalid', 'The request was not accepted']
}

/** A code Corral added after this app was built still reads as words: `CORRAL_ERR_KEY_EXPIRED` → "Key expired". */
function titleFromCode(code: string): [ProblemKind, string] | undefined {
  const status = /^HTTP_(\d{3})$/.exec(code)
  if (status) return titleForStatus(Number(status[1]))
  const words = /^CORRAL_ERR_([A-Z0-9_]+)$/.exec(code)?.[1]?.toLowerCase().replaceAll('_', ' ')
  return words ? ['other', words.charAt(0).toUpperCase() + words.slice(1)] : undefined
}

/** One wording for every error the app shows, whether it came over HTTP or in a chat `error` frame. */
export function describeProblem(input: {
  code: string
  message: string
  retryAfterSeconds?: number | null
}): Problem {
  const [kind, title] = titles[input.code] ?? titleFromCode(input.code) ?? ['other', 'Something went wrong']
  const message = input.code === 'CORRAL_ERR_VALIDATION' ? readableValidation(input.message) : input.message
  return { kind, title, message, retryAfterSeconds: input.retryAfterSeconds ?? null }
}

export function describeError(error: unknown): Problem {
  if (isHttpError(error)) return describeProblem(error)
  return describeProblem({
    code: 'CORRAL_ERR_CLIENT',
    message: error instanceof Error ? error.message : String(error),
  })
}

export const retryHint = (problem: Problem) =>
  problem.retryAfterSeconds ? `Try again in ${formatSeconds(problem.retryAfterSeconds)}.` : null
