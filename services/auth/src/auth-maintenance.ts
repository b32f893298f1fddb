import type { Logger } from 'pino'
import { loggableError } from '@corral/core'
import type { AuthServices } from './auth-services.ts'

/**
 * The auth service's hourly upkeep: rotate the signing key when due, purge ended sessions and old
 * failed sign-ins. Each task runs on its own; a failure is logged with what was being done and why,
 * never swallowed (a rotation that kept failing would end every sign-in once the key retired), and
 * a failed rotation also shows in `/readyz` until one succeeds.
 */
export async function runAuthMaintenance(services: AuthServices, logger: Logger): Promise<void> {
  const tasks: [string, string, () => Promise<void>][] = [
    [
      'signing-key rotation',
      'rotating the JWT signing key failed; the current key signs until it retires, and rotation is retried hourly',
      () => services.keyRing.rotateIfDue(),
    ],
    [
      'session purge',
      'purging expired sessions failed; retried hourly',
      () => services.sessions.purgeExpired(),
    ],
    [
      'sign-in throttle purge',
      'purging old failed sign-ins failed; retried hourly',
      () => services.throttle.purge(),
    ],
  ]
  await Promise.all(
    tasks.map(([task, message, run]) =>
      run().catch((error: unknown) => logger.error({ err: loggableError(error), task }, message)),
    ),
  )
}
