import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireIdentity } from '@corral/core'
import { Me, UsageQuery, UsageReport } from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'

export const meRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (app, { services }) => {
  const tags = ['me']

  app.get(
    '/me',
    { schema: { tags, summary: 'Who you are, your group and its priority', response: { 200: Me } } },
    async (request) => {
      const user = await services.users.get(requireIdentity(request).userId)
      const group = await services.groups.get(user.groupId)
      return {
        id: user.id,
        username: user.username,
        role: user.role,
        group: { id: group.id, name: group.name, priority: group.priority, models: group.modelAllowlist },
      }
    },
  )

  app.get(
    '/me/usage',
    {
      schema: {
        tags,
        summary: 'Your usage: records and totals',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (request) => services.usage.report(request.query, requireIdentity(request).userId),
  )
}
