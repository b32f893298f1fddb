import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '@corral/core'
import {
  AuditPage,
  AuditQuery,
  IpAllowlist,
  Settings,
  SettingsPatch,
  UsageQuery,
  UsageReport,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { settingsFromApi, settingsToApi } from '../settings/settings-mapping.ts'

/** Usage, IP allowlist, settings and audit: the system-wide admin routes of the users service. */
export const adminSystemRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }

  app.get(
    '/admin/usage',
    {
      config,
      schema: {
        tags: ['admin: usage'],
        summary: 'Usage records and aggregates, filtered by user, key, model and time',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (request) => services.usage.report(request.query),
  )

  app.get(
    '/admin/ip-allowlist',
    {
      config,
      schema: { tags: ['admin: system'], summary: 'The global IP allowlist', response: { 200: IpAllowlist } },
    },
    async () => services.ipAllowlist.get(),
  )

  app.put(
    '/admin/ip-allowlist',
    {
      config,
      schema: {
        tags: ['admin: system'],
        summary: 'Replace the IP allowlist (refused if it would lock you out)',
        body: IpAllowlist,
        response: { 200: IpAllowlist },
      },
    },
    async (request) => services.ipAllowlist.replace(actorOf(request), request.body),
  )

  app.get(
    '/admin/settings',
    { config, schema: { tags: ['admin: system'], summary: 'System settings', response: { 200: Settings } } },
    async () => settingsToApi(await services.settings.get()),
  )

  app.patch(
    '/admin/settings',
    {
      config,
      schema: {
        tags: ['admin: system'],
        summary: 'Change settings; applied without restart',
        body: SettingsPatch,
        response: { 200: Settings },
      },
    },
    async (request) =>
      settingsToApi(await services.settings.update(actorOf(request), settingsFromApi(request.body))),
  )

  app.get(
    '/admin/audit',
    {
      config,
      schema: {
        tags: ['admin: system'],
        summary: 'The audit log, newest first, with filters',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const query = request.query
      const { entries, total } = await services.audit.list({
        action: query.action,
        actorUserId: query.actor_user_id,
        targetId: query.target_id,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: query.limit,
        offset: query.offset,
      })
      return {
        total,
        entries: entries.map((entry) => ({
          id: entry.id,
          at: entry.at.toISOString(),
          actor_user_id: entry.actorUserId,
          actor_username: entry.actorUsername,
          action: entry.action,
          target_type: entry.targetType,
          target_id: entry.targetId,
          details: entry.details,
          ip: entry.ip,
        })),
      }
    },
  )
}
