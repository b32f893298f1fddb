import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ServiceMigrations } from '@corral/core'
import { adminGroupsRoutes } from './routes/admin-groups-routes.ts'
import { adminSystemRoutes } from './routes/admin-system-routes.ts'
import { adminUsersRoutes } from './routes/admin-users-routes.ts'
import { meConversationsRoutes } from './routes/me-conversations-routes.ts'
import { meKeysRoutes } from './routes/me-keys-routes.ts'
import { meRoutes } from './routes/me-routes.ts'
import type { UsersServices } from './users-services.ts'

export { wireUsersServices, type UsersServices } from './users-services.ts'
export { createUsersClient } from './users-client.ts'
export { presentMessage } from './routes/me-conversations-routes.ts'

export const usersMigrations: ServiceMigrations = {
  schema: 'users',
  folder: fileURLToPath(new URL('../migrations', import.meta.url)),
}

/** The users service's HTTP routes, registered under `/corral/v1`. */
export const usersRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (app, options) => {
  await app.register(meRoutes, options)
  await app.register(meKeysRoutes, options)
  await app.register(meConversationsRoutes, options)
  await app.register(adminUsersRoutes, options)
  await app.register(adminGroupsRoutes, options)
  await app.register(adminSystemRoutes, options)
}
