import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '@corral/core'
import { IpAllowlist, Settings, SettingsPatch, UsageQuery, UsageReport } from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { settingsFromApi, settingsToApi } from '../settings/settings-mapping.ts'

/** Usage, IP allowlist and settings: the system-wide admin routes of the users service. */
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
}
