import type { FastifyBaseLogger } from 'fastify'
import type { ChatServerFrame } from '@corral/contracts'
import { loggableError, type LogThrottle } from '@corral/core'

/**
 * Why authentication failed, as the client may see it: Corral's own errors carry messages written for
 * clients; anything else (a database error with its SQL) is logged and reported as a plain failure.
 */
export function authErrorFrame(
  error: unknown,
  log: FastifyBaseLogger,
  throttle: LogThrottle,
): ChatServerFrame {
  const failure = error as { code?: string; message?: string; retryAfterSeconds?: number }
  if (failure.code?.startsWith('CORRAL_ERR_')) {
    return {
      type: 'error',
      code: failure.code,
      message: failure.message ?? 'Authentication failed',
      ...(failure.retryAfterSeconds ? { retry_after_seconds: failure.retryAfterSeconds } : {}),
    }
  }
  const logged = loggableError(error) as Error
  throttle.run(`chat-auth:${logged.message}`, (suppressed) =>
    log.error({ err: logged, ...(suppressed ? { suppressed } : {}) }, 'chat socket authentication failed'),
  )
  return { type: 'error', code: 'CORRAL_ERR_UNAUTHENTICATED', message: 'Authentication failed' }
}
