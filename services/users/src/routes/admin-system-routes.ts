import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '@corral/core'
import {
  AdminIpAllowlist,
  AdminSettingsPatch,
  SaveIpAllowlistRequest,
  Settings,
  SettingsDescription,
  TestAddressRequest,
  TestAddressResult,
  UsageQuery,
  UsageReport,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { settingsFromApi, settingsToApi } from '../settings/settings-mapping.ts'

/** The JSON Schema the settings form is built from: the very object PATCH is validated against. */
const settingsSchema = JSON.parse(JSON.stringify(Settings)) as Record<string, unknown>

/** Usage, IP allowlist and settings: the system-wide admin routes of the users service. */
export const adminSystemRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const tags = ['admin: system']

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
      schema: {
        tags,
        summary: 'The global IP allowlist, and your address as the server sees it',
        response: { 200: AdminIpAllowlist },
      },
    },
    async (request) => ({ ...(await services.ipAllowlist.get()), your_address: request.clientIp }),
  )

  app.put(
    '/admin/ip-allowlist',
    {
      config,
      schema: {
        tags,
        summary: 'Replace the IP allowlist (one that would lock you out needs override_lockout)',
        body: SaveIpAllowlistRequest,
        response: { 200: AdminIpAllowlist },
      },
    },
    async (request) => {
      const { override_lockout: overrideLockout, ...allowlist } = request.body
      const saved = await services.ipAllowlist.replace(actorOf(request), allowlist, { overrideLockout })
      return { ...saved, your_address: request.clientIp }
    },
  )

  app.post(
    '/admin/ip-allowlist/test',
    {
      config,
      schema: {
        tags,
        summary: 'Would this address be admitted (by the saved list, or a draft), and by which entry?',
        body: TestAddressRequest,
        response: { 200: TestAddressResult },
      },
    },
    async (request) => {
      const { address, entries, enabled } = request.body
      const draft = entries ? { enabled: enabled ?? true, entries } : undefined
      const result = await services.ipAllowlist.test(address, draft)
      return { ...result, is_your_address: result.address === request.clientIp }
    },
  )

  app.get(
    '/admin/settings',
    { config, schema: { tags, summary: 'System settings', response: { 200: Settings } } },
    async () => settingsToApi(await services.settings.get()),
  )

  app.get(
    '/admin/settings/schema',
    {
      config,
      schema: {
        tags,
        summary: 'Settings with their JSON Schema, defaults and version (for the settings form)',
        response: { 200: SettingsDescription },
      },
    },
    async () => {
      const { values, defaults, version } = await services.settings.describe()
      return {
        values: settingsToApi(values),
        defaults: settingsToApi(defaults),
        schema: settingsSchema,
        version,
      }
    },
  )

  app.patch(
    '/admin/settings',
    {
      config,
      schema: {
        tags,
        summary: 'Change settings, applied without restart; with `version`, refused if someone saved since',
        body: AdminSettingsPatch,
        response: { 200: Settings },
      },
    },
    async (request) => {
      const { version, ...patch } = request.body
      return settingsToApi(await services.settings.update(actorOf(request), settingsFromApi(patch), version))
    },
  )
}
