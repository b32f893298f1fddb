import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminAuditPage,
  AdminAuditQuery,
  AuditExportQuery,
  type AuditExportQuery as ExportQuery,
} from '@corral/contracts'
import type { AuditFilter } from '../audit/audit-repository.ts'
import { auditCsv } from '../audit/audit-csv.ts'
import { presentAuditEntry } from '../presenters.ts'
import type { UsersServices } from '../users-services.ts'

function filterOf(query: ExportQuery): AuditFilter {
  return {
    action: query.action,
    actorUserId: query.actor_user_id,
    actor: query.actor,
    targetType: query.target_type,
    targetId: query.target_id,
    userId: query.user_id,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  }
}

/** The audit log: a filtered page, and the same filter exported as CSV. */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const tags = ['admin: audit']

  app.get(
    '/admin/audit',
    {
      config,
      schema: {
        tags,
        summary: 'The audit log, newest first, with filters',
        querystring: AdminAuditQuery,
        response: { 200: AdminAuditPage },
      },
    },
    async (request) => {
      const { limit, offset } = request.query
      const { entries, total, totalExact } = await services.audit.list({
        ...filterOf(request.query),
        limit,
        offset,
      })
      return { total, total_exact: totalExact, entries: entries.map(presentAuditEntry) }
    },
  )

  app.get(
    '/admin/audit/export',
    {
      config,
      schema: {
        tags,
        summary: 'The filtered audit log as CSV, streamed',
        querystring: AuditExportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const day = new Date().toISOString().slice(0, 10)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="corral-audit-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(auditCsv(services.audit.stream(filterOf(request.query))))
    },
  )
}
