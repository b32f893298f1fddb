import { Errors, type RetryAfter } from '@corral/core'

/** What the client of a request an operator cancelled on the queue board is told (docs/monitoring.md). */
export const cancelledByOperator = 'An operator cancelled this request'

/** The error a running answer's body is destroyed with, so the relays tell it from a backend failure. */
export class OperatorCancel extends Error {
  readonly code = 'CORRAL_ERR_CANCELLED'
  constructor() {
    super(cancelledByOperator)
  }
}

/**
 * What the client of a cancelled request gets before its answer started: 503 `CORRAL_ERR_CANCELLED`,
 * with `x-should-retry: false` so the OpenAI SDKs do not send it again (they retry a 503 otherwise).
 */
export function operatorCancelError(): Error {
  const error: Error & RetryAfter = new Errors.cancelled(cancelledByOperator)
  error.noRetry = true
  return error
}

/** Whether a stream failed because an operator cancelled it (the body's error, or the abort's reason). */
export function isOperatorCancel(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: string }).code === 'CORRAL_ERR_CANCELLED'
}
