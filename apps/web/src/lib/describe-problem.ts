import { formatSeconds } from './format.ts'
import { isHttpError } from '@corral/web-kit'

export type ProblemKind = 'busy' | 'limit' | 'down' | 'signed-out' | 'other'

export interface Problem {
  kind: ProblemKind
  title: string
  /** The server's own message: it is written for people and says what to change. */
  message: string
  retryAfterSeconds: number | null
}

const titles: Record<string, [ProblemKind, string]> = {
  CORRAL_ERR_QUEUE_FULL: ['busy', 'The server is busy'],
  CORRAL_ERR_QUEUE_TIMEOUT: ['busy', 'Waited too long in the queue'],
  CORRAL_ERR_SHUTTING_DOWN: ['busy', 'The server is restarting'],
  CORRAL_ERR_RATE_LIMITED: ['limit', 'Rate limit reached'],
  CORRAL_ERR_QUOTA_EXCEEDED: ['limit', 'Token quota used up'],
  CORRAL_ERR_LOGIN_THROTTLED: ['limit', 'Too many sign-in attempts'],
  CORRAL_ERR_NO_BACKEND: ['down', 'No model server is available'],
  CORRAL_ERR_UPSTREAM_UNAVAILABLE: ['down', 'The model server is unavailable'],
  CORRAL_ERR_UPSTREAM: ['down', 'The model failed to answer'],
  CORRAL_ERR_NETWORK: ['down', 'Cannot reach Corral'],
  CORRAL_ERR_CONNECTION_LOST: ['down', 'Connection lost'],
  CORRAL_ERR_UNAUTHENTICATED: ['signed-out', 'You are signed out'],
  CORRAL_ERR_INVALID_TOKEN: ['signed-out', 'Your session ended'],
}

/** One wording for every error the app shows, whether it came over HTTP or in a chat `error` frame. */
export function describeProblem(input: {
  code: string
  message: string
  retryAfterSeconds?: number | null
}): Problem {
  const [kind, title] = titles[input.code] ?? ['other', 'Something went wrong']
  return { kind, title, message: input.message, retryAfterSeconds: input.retryAfterSeconds ?? null }
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
