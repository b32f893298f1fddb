import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import { AdminApiKey, AdminKeyList, IdParams, ListAdminKeysQuery } from '@corral/contracts'
import { presentAdminApiKey } from '../presenters.ts'
import type { UsersServices } from '../users-services.ts'

const date = (text: string | undefined) => (text ? new Date(text) : undefined)

/** Every API key across users (never their secrets), and revocation of any of them. */
export const adminKeysRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['admin: keys']
  const config = { access: 'admin' as const }

  app.get(
    '/admin/keys',
    {
      config,
      schema: {
        tags,
        summary: 'Every API key: filtered, sorted and paged on the server, with the total',
        querystring: ListAdminKeysQuery,
        response: { 200: AdminKeyList },
      },
    },
    async (request) => {
      const query = request.query
      const { keys, total, totalExact } = await services.apiKeys.listAll({
        q: query.q,
        userId: query.user_id,
        groupId: query.group_id,
        status: query.status,
        lastUsedAfter: date(query.last_used_after),
        lastUsedBefore: date(query.last_used_before),
        neverUsed: query.never_used,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        offset: query.offset,
      })
      return { keys: keys.map(presentAdminApiKey), total, total_exact: totalExact }
    },
  )

  app.get(
    '/admin/keys/:id',
    { config, schema: { tags, summary: 'One API key', params: IdParams, response: { 200: AdminApiKey } } },
    async (request) => presentAdminApiKey(await services.apiKeys.getListed(request.params.id)),
  )

  app.delete(
    '/admin/keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke any API key (in force within a second or two on every gateway)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.apiKeys.revokeAny(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
