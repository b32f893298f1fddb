import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  RequestLogExportQuery,
  RequestLogIdParams,
  RequestLogPage,
  RequestLogQuery,
  RequestLogRecord,
  requestLogFilename,
} from '@corral/contracts'
import { requestLogCsv, requestLogNdjson } from '../requests/request-log-export.ts'
import type { UsersServices } from '../users-services.ts'

/** The request log: usage records one by one, a record's details, and the filtered log exported. */
export const adminRequestsRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const tags = ['admin: request log']

  app.get(
    '/admin/requests',
    {
      config,
      schema: {
        tags,
        summary: 'Usage records newest first, filtered, paged by cursor (before) or followed live (after)',
        querystring: RequestLogQuery,
        response: { 200: RequestLogPage },
      },
    },
    async (request) => services.requestLog.page(request.query),
  )

  app.get(
    '/admin/requests/export',
    {
      config,
      schema: {
        tags,
        summary: 'The filtered request log as CSV or NDJSON, streamed from the database',
        querystring: RequestLogExportQuery,
        produces: ['text/csv', 'application/x-ndjson'],
      },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query
      const batches = services.requestLog.export(filters)
      const csv = format === 'csv'
      const filename = requestLogFilename(filters.from, filters.to, csv ? 'csv' : 'ndjson')
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(csv ? requestLogCsv(batches) : requestLogNdjson(batches))
    },
  )

  app.get(
    '/admin/requests/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One usage record with every field',
        params: RequestLogIdParams,
        response: { 200: RequestLogRecord },
      },
    },
    async (request) => services.requestLog.get(Number(request.params.id)),
  )
}
