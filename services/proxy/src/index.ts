import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsync } from 'fastify'
import type { ServiceMigrations } from '@corral/core'
import type { ProxyServices } from './proxy-services.ts'
import { proxyRoutes } from './routes/proxy-routes.ts'
import { modelAdminRoutes } from './models/model-admin-routes.ts'
import { queueRoutes } from './routes/queue-routes.ts'
import { statsRoutes } from './routes/stats-routes.ts'

export { wireProxyServices, type ProxyServices, type ProxyDependencies } from './proxy-services.ts'
export { backendHeader } from './proxy/model-management.ts'

export const proxyMigrations: ServiceMigrations = {
  schema: 'proxy',
  folder: fileURLToPath(new URL('../migrations', import.meta.url)),
}

/** `/api/*` and `/v1/*` at the root. */
export const ollamaApiRoutes: FastifyPluginAsync<{ services: ProxyServices }> = async (app, { services }) => {
  await app.register(proxyRoutes, { proxy: services.proxy })
}

/** The queue, backends and models routes, registered under `/corral/v1`. */
export const proxyAdminRoutes: FastifyPluginAsync<{ services: ProxyServices }> = async (app, options) => {
  await app.register(queueRoutes, { services: options.services })
  await app.register(modelAdminRoutes, { services: options.services })
  await app.register(statsRoutes, { services: options.services })
}
