import type { FastifyPluginAsync } from 'fastify'
import type { CorralMetrics } from '@corral/core'

/** Prometheus text format. Public like health checks, but subject to the IP allowlist. */
export const metricsRoute: FastifyPluginAsync<{ metrics: CorralMetrics }> = async (app, { metrics }) => {
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
