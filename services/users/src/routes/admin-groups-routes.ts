import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import { CreateGroupRequest, Group, IdParams, UpdateGroupRequest } from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { presentGroup } from '../presenters.ts'

export const adminGroupsRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['admin: groups']
  const config = { access: 'admin' as const }

  app.get(
    '/admin/groups',
    {
      config,
      schema: {
        tags,
        summary: 'Groups with their priorities, weights and limits',
        response: { 200: Type.Object({ groups: Type.Array(Group) }) },
      },
    },
    async () => ({ groups: (await services.groups.list()).map(presentGroup) }),
  )

  app.post(
    '/admin/groups',
    {
      config,
      schema: { tags, summary: 'Create a group', body: CreateGroupRequest, response: { 201: Group } },
    },
    async (request, reply) =>
      reply.code(201).send(presentGroup(await services.groups.create(actorOf(request), request.body))),
  )

  app.patch(
    '/admin/groups/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a group',
        params: IdParams,
        body: UpdateGroupRequest,
        response: { 200: Group },
      },
    },
    async (request) => {
      const group = await services.groups.update(actorOf(request), request.params.id, request.body)
      const settings = await services.settings.get()
      return presentGroup({ ...group, isDefault: settings.defaultGroupId === group.id })
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
