import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import {
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserList,
  ApiKey,
  BulkUsersRequest,
  BulkUsersResult,
  CreateApiKeyRequest,
  CreatedApiKey,
  IdParams,
  ListAdminUsersQuery,
  OllamaKey,
  OllamaKeyParams,
  UserOverview,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { presentAdminUser, presentApiKey, presentOllamaKey } from '../presenters.ts'

/**
 * Admin management of users and their keys. Creating and deleting a user, passwords and sessions
 * belong to the auth service (they involve credentials), under the same paths.
 */
export const adminUsersRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['admin: users']
  const config = { access: 'admin' as const }

  app.get(
    '/admin/users',
    {
      config,
      schema: {
        tags,
        summary: 'One page of users: search, filters and sort on the server, with the total',
        querystring: ListAdminUsersQuery,
        response: { 200: AdminUserList },
      },
    },
    async (request) => {
      const query = request.query
      const { users, total, totalExact } = await services.users.list({
        q: query.q,
        role: query.role,
        groupId: query.group_id,
        status: query.status,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        offset: query.offset,
      })
      return { users: users.map(presentAdminUser), total, total_exact: totalExact }
    },
  )

  app.post(
    '/admin/users/bulk',
    {
      config,
      schema: {
        tags,
        summary: 'Disable, enable or move a selection of users, all or nothing',
        body: BulkUsersRequest,
        response: { 200: BulkUsersResult },
      },
    },
    async (request) => {
      const { changed, users } = await services.users.bulk(actorOf(request), request.body)
      return { changed, users: users.map(presentAdminUser) }
    },
  )

  app.get(
    '/admin/users/:id',
    { config, schema: { tags, summary: 'One user', params: IdParams, response: { 200: AdminUser } } },
    async (request) => presentAdminUser(await services.users.getListed(request.params.id)),
  )

  app.get(
    '/admin/users/:id/overview',
    {
      config,
      schema: {
        tags,
        summary: "A user's page: keys, Ollama keys, recent usage and audit entries",
        params: IdParams,
        response: { 200: UserOverview },
      },
    },
    async (request) => services.userOverview.overview(request.params.id),
  )

  app.patch(
    '/admin/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change role or group, disable or enable (never the last enabled admin)',
        params: IdParams,
        body: AdminUpdateUserRequest,
        response: { 200: AdminUser },
      },
    },
    async (request) =>
      presentAdminUser(await services.users.update(actorOf(request), request.params.id, request.body)),
  )

  app.post(
    '/admin/users/:id/keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key for a user (shown once)',
        params: IdParams,
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) => {
      const owner = await services.users.get(request.params.id)
      const { key, secret } = await services.apiKeys.create(actorOf(request), owner.id, request.body)
      return reply.code(201).send({ ...presentApiKey(key, owner.groupPriority), key: secret })
    },
  )

  app.get(
    '/admin/users/:id/keys',
    {
      config,
      schema: {
        tags,
        summary: "A user's API keys",
        params: IdParams,
        querystring: Type.Object({ include_revoked: Type.Boolean({ default: false }) }),
        response: { 200: Type.Object({ keys: Type.Array(ApiKey) }) },
      },
    },
    async (request) => {
      const owner = await services.users.get(request.params.id)
      const keys = await services.apiKeys.list(owner.id, request.query.include_revoked)
      return { keys: keys.map((key) => presentApiKey(key, owner.groupPriority)) }
    },
  )

  app.get(
    '/admin/users/:id/ollama-keys',
    {
      config,
      schema: {
        tags,
        summary: "A user's Ollama CLI keys",
        params: IdParams,
        response: { 200: Type.Object({ keys: Type.Array(OllamaKey) }) },
      },
    },
    async (request) => {
      const owner = await services.users.get(request.params.id)
      return { keys: (await services.ollamaKeys.list(owner.id)).map(presentOllamaKey) }
    },
  )

  app.delete(
    '/admin/users/:id/ollama-keys/:keyId',
    {
      config,
      schema: {
        tags,
        summary: "Remove one of a user's Ollama CLI keys",
        params: OllamaKeyParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.ollamaKeys.removeFor(actorOf(request), request.params.id, request.params.keyId)
      return reply.code(204).send(null)
    },
  )
}
