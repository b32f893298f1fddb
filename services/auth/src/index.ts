import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { AuthClient, ServiceMigrations } from '@corral/core'
import { runAuthMaintenance } from './auth-maintenance.ts'
import type { AuthServices } from './auth-services.ts'
import { adminAccountsRoutes } from './routes/admin-accounts-routes.ts'
import { authRoutes } from './routes/auth-routes.ts'

export { runAuthMaintenance } from './auth-maintenance.ts'
export type { SigningKeyHealth } from './sessions/key-ring.ts'
export { wireAuthServices, type AuthServices, type AuthDependencies } from './auth-services.ts'
export { bootstrapAdmin, type BootstrapResult } from './accounts/bootstrap-admin.ts'
export { loadInstanceSecret } from './sessions/instance-secret.ts'
export { readableSigningKeys } from './sessions/signing-keys-check.ts'
export { refreshCookie } from './routes/auth-routes.ts'
export { defaultThrottlePolicy, type ThrottlePolicy } from './throttle/login-throttle.ts'

export const authMigrations: ServiceMigrations = {
  schema: 'auth',
  folder: fileURLToPath(new URL('../migrations', import.meta.url)),
}

/** The auth service as the gateway sees it in one process. */
export function createAuthClient(services: AuthServices): AuthClient {
  return { verifyAccessToken: (token) => services.accessTokens.verify(token) }
}

/** Starts background work: signing keys loaded (and rotated hourly), old sessions and throttle rows purged. */
export async function startAuthServices(services: AuthServices, logger: Logger): Promise<() => void> {
  await services.keyRing.start()
  const timer = setInterval(() => void runAuthMaintenance(services, logger), 3600_000)
  timer.unref()
  return () => clearInterval(timer)
}

/** The auth service's HTTP routes, registered under `/corral/v1`. */
export const authServiceRoutes: FastifyPluginAsyncTypebox<{ services: AuthServices }> = async (
  app,
  options,
) => {
  await app.register(cookie)
  await app.register(authRoutes, { services: options.services })
  await app.register(adminAccountsRoutes, { services: options.services })
}
