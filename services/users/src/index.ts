import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ServiceMigrations } from '@corral/core'
import { adminAlertsRoutes } from './routes/admin-alerts-routes.ts'
import { adminAuditRoutes } from './routes/admin-audit-routes.ts'
import type { Alerts } from './alerts/alerts-module.ts'
import { adminStatsRoutes } from './routes/admin-stats-routes.ts'
import { adminKeysRoutes } from './routes/admin-keys-routes.ts'
import { adminRequestsRoutes } from './routes/admin-requests-routes.ts'
import { adminGroupsRoutes } from './routes/admin-groups-routes.ts'
import { adminSystemRoutes } from './routes/admin-system-routes.ts'
import { adminUsersRoutes } from './routes/admin-users-routes.ts'
import { meConversationsRoutes } from './routes/me-conversations-routes.ts'
import { meKeysRoutes } from './routes/me-keys-routes.ts'
import { meRoutes } from './routes/me-routes.ts'
import type { UsersServices } from './users-services.ts'

export { wireUsersServices, type UsersServices } from './users-services.ts'
export { createUsersClient } from './users-client.ts'
/** For seeding large data sets (the admin-scale benchmark) through the repositories. */
export { UsersRepository } from './users/users-repository.ts'
export { ApiKeysRepository } from './api-keys/api-keys-repository.ts'
export { GroupsRepository } from './groups/groups-repository.ts'

export const usersMigrations: ServiceMigrations = {
  schema: 'users',
  folder: fileURLToPath(new URL('../migrations', import.meta.url)),
}

/** The users service's HTTP routes, registered under `/corral/v1`. */
export const usersRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (app, options) => {
  await app.register(meRoutes, { services: options.services })
  await app.register(meKeysRoutes, { services: options.services })
  await app.register(meConversationsRoutes, { services: options.services })
  await app.register(adminUsersRoutes, { services: options.services })
  await app.register(adminGroupsRoutes, { services: options.services })
  await app.register(adminSystemRoutes, { services: options.services })
  await app.register(adminAuditRoutes, { services: options.services })
  await app.register(adminKeysRoutes, { services: options.services })
  await app.register(adminStatsRoutes, { services: options.services })
  await app.register(adminRequestsRoutes, { services: options.services })
}

export { wireAlerts, type Alerts, type AlertsDeps } from './alerts/alerts-module.ts'
export { verifySignature } from './alerts/webhook-signature.ts'

/** The alert rules' and webhooks' routes (`/admin/alerts/…`), registered under `/corral/v1`. */
export const alertsRoutes: FastifyPluginAsyncTypebox<{ alerts: Alerts }> = async (app, options) => {
  await app.register(adminAlertsRoutes, { alerts: options.alerts })
}
