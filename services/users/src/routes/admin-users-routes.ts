import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import {
  ApiKey,
  CreateApiKeyRequest,
  CreatedApiKey,
  IdParams,
  ListUsersQuery,
  UpdateUserRequest,
  User,
  UserList,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { presentApiKey, presentUser } from '../presenters.ts'

/**
 * Admin management of users and their keys. Creating a user and resetting a password belong to the
 * auth service (they involve a password), under the same paths.
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
        summary: 'List users, with search and paging',
        querystring: ListUsersQuery,
        response: { 200: UserList },
      },
    },
    async (request) => {
      const { users, total } = await services.users.list(request.query)
      return { users: users.map(presentUser), total }
    },
  )

  app.get(
    '/admin/users/:id',
    { config, schema: { tags, summary: 'One user', params: IdParams, response: { 200: User } } },
    async (request) => presentUser(await services.users.get(request.params.id)),
  )

  app.patch(
    '/admin/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change role or group, disable or enable',
        params: IdParams,
        body: UpdateUserRequest,
        response: { 200: User },
      },
    },
    async (request) =>
      presentUser(await services.users.update(actorOf(request), request.params.id, request.body)),
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

  app.delete(
    '/admin/keys/:id',
    {
      config,
      schema: { tags, summary: 'Revoke any API key', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await services.apiKeys.revokeAny(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
