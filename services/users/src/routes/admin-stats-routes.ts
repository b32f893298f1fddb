import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { FairnessQuery, FairnessReport, StatsQuery, StatsReport } from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'

/** The dashboards and the fairness view (docs/monitoring.md); backends' utilisation is the proxy's. */
export const adminStatsRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const tags = ['admin: monitoring']

  app.get(
    '/admin/stats',
    {
      config,
      schema: {
        tags,
        summary: 'Dashboard figures over a range: tiles, series, latency percentiles, refusals, top lists',
        querystring: StatsQuery,
        response: { 200: StatsReport },
      },
    },
    async (request) => services.stats.report(request.query),
  )

  app.get(
    '/admin/stats/fairness',
    {
      config,
      schema: {
        tags,
        summary: "Per priority class, each user's share of served tokens against their entitled share",
        querystring: FairnessQuery,
        response: { 200: FairnessReport },
      },
    },
    async (request) => services.fairness.report(request.query),
  )
}
