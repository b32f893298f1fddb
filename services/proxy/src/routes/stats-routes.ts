import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BackendStatsReport, FairnessQuery } from '@corral/contracts'
import type { ProxyServices } from '../proxy-services.ts'

/**
 * Per-backend utilisation over a range: busy slot-seconds (the summed durations of the requests each
 * backend served, from the usage rollups) over available slot-seconds (its slots now × the range).
 * Here rather than in the users service because the backends and their slots are the proxy's.
 */
export const statsRoutes: FastifyPluginAsyncTypebox<{ services: ProxyServices }> = async (
  app,
  { services },
) => {
  app.get(
    '/admin/stats/backends',
    {
      config: { access: 'admin' as const },
      schema: {
        tags: ['admin: monitoring'],
        summary: 'Per-backend utilisation over a range: busy slot-seconds / available slot-seconds',
        querystring: FairnessQuery,
        response: { 200: BackendStatsReport },
      },
    },
    async (request) => {
      const { range, backends } = await services.users.backendBusy(request.query)
      const seconds = (range.to.getTime() - range.from.getTime()) / 1000
      const known = services.registry
        .list()
        .map((backend) => ({ id: backend.row.id, name: backend.row.name, slots: backend.row.slots }))
      // Backends removed since still show their busy time, with no slots to compare it with.
      for (const id of backends.keys())
        if (!known.some((backend) => backend.id === id)) known.push({ id, name: id, slots: 0 })
      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        time_zone: range.timeZone,
        bucket: range.bucket,
        backends: known.map((backend) => {
          const busy = backends.get(backend.id)
          const available = backend.slots * seconds
          const busySeconds = (busy?.busyMs ?? 0) / 1000
          return {
            backend_id: backend.id,
            name: backend.name,
            slots: backend.slots,
            requests: busy?.requests ?? 0,
            busy_slot_seconds: busySeconds,
            available_slot_seconds: available,
            utilisation: available > 0 ? busySeconds / available : null,
          }
        }),
      }
    },
  )
}
