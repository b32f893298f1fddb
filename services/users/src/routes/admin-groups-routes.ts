import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import {
  AdminGroup,
  AdminGroupList,
  AdminUpdateGroupRequest,
  CreateGroupRequest,
  GroupChangePreview,
  IdParams,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { presentAdminGroup } from '../presenters.ts'

export const adminGroupsRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['admin: groups']
  const config = { access: 'admin' as const }

  const withCounts = async (id: string) => {
    const group = (await services.groups.list()).find((entry) => entry.id === id)
    return group ?? { ...(await services.groups.get(id)), memberCount: 0, isDefault: false }
  }

  app.get(
    '/admin/groups',
    {
      config,
      schema: {
        tags,
        summary: 'Groups with their priorities, weights, limits, member counts and versions',
        response: { 200: AdminGroupList },
      },
    },
    async () => ({ groups: (await services.groups.list()).map(presentAdminGroup) }),
  )

  app.get(
    '/admin/groups/:id',
    { config, schema: { tags, summary: 'One group', params: IdParams, response: { 200: AdminGroup } } },
    async (request) => presentAdminGroup(await withCounts(request.params.id)),
  )

  app.post(
    '/admin/groups',
    {
      config,
      schema: { tags, summary: 'Create a group', body: CreateGroupRequest, response: { 201: AdminGroup } },
    },
    async (request, reply) =>
      reply.code(201).send(presentAdminGroup(await services.groups.create(actorOf(request), request.body))),
  )

  app.post(
    '/admin/groups/:id/preview',
    {
      config,
      schema: {
        tags,
        summary: 'What an edit would change and how many users and keys it affects (saves nothing)',
        params: IdParams,
        body: AdminUpdateGroupRequest,
        response: { 200: GroupChangePreview },
      },
    },
    async (request) => {
      const preview = await services.groups.preview(request.params.id, request.body)
      return {
        changes: preview.changes,
        affected_users: preview.affectedUsers,
        affected_keys: preview.affectedKeys,
        stale: preview.stale,
        current: presentAdminGroup(preview.current),
      }
    },
  )

  app.patch(
    '/admin/groups/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a group; with `version`, refused when someone saved a change since',
        params: IdParams,
        body: AdminUpdateGroupRequest,
        response: { 200: AdminGroup },
      },
    },
    async (request) => {
      await services.groups.update(actorOf(request), request.params.id, request.body)
      return presentAdminGroup(await withCounts(request.params.id))
    },
  )

  app.delete(
    '/admin/groups/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete an empty group (not the default one)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.groups.delete(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
