import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import {
  Account,
  CreatedRegistrationToken,
  CreateRegistrationTokenRequest,
  CreateUserRequest,
  IdParams,
  RegistrationToken,
  ResetPasswordRequest,
} from '@corral/contracts'
import type { AuthServices } from '../auth-services.ts'
import type { RegistrationTokenRow } from '../registration/registration-tokens-repository.ts'
import { schemeOf } from './request-scheme.ts'

/** Admin routes that involve passwords or invitations (the rest of user admin is the users service's). */
export const adminAccountsRoutes: FastifyPluginAsyncTypebox<{ services: AuthServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }

  app.post(
    '/admin/users',
    {
      config,
      schema: {
        tags: ['admin: users'],
        summary: 'Create a user with a password',
        body: CreateUserRequest,
        response: { 201: Account },
      },
    },
    async (request, reply) => {
      const user = await services.accounts.createUser(actorOf(request), {
        username: request.body.username,
        password: request.body.password,
        role: request.body.role ?? 'user',
        group: request.body.group,
      })
      return reply
        .code(201)
        .send({ id: user.id, username: user.username, role: user.role, group_id: user.groupId })
    },
  )

  app.post(
    '/admin/users/:id/password',
    {
      config,
      schema: {
        tags: ['admin: users'],
        summary: "Reset a user's password; their sessions end",
        params: IdParams,
        body: ResetPasswordRequest,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.accounts.resetPassword(actorOf(request), request.params.id, request.body.password)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/admin/registration-tokens',
    {
      config,
      schema: {
        tags: ['admin: invitations'],
        summary: 'Create a registration (invite) token; the token is shown once',
        body: CreateRegistrationTokenRequest,
        response: { 201: CreatedRegistrationToken },
      },
    },
    async (request, reply) => {
      const body = request.body
      const groupId = body.group ? await services.resolveGroupId(body.group) : null
      const { row, token } = await services.invitations.create(actorOf(request), {
        maxUses: body.max_uses ?? null,
        expiresAt: body.expires_at ? new Date(body.expires_at) : null,
        groupId,
        role: body.role,
        note: body.note,
      })
      const registerUrl = `${schemeOf(request)}://${request.host}/register?token=${encodeURIComponent(token)}`
      return reply.code(201).send({ ...presentToken(row), token, register_url: registerUrl })
    },
  )

  app.get(
    '/admin/registration-tokens',
    {
      config,
      schema: {
        tags: ['admin: invitations'],
        summary: 'Registration tokens (without their secrets)',
        response: { 200: Type.Object({ tokens: Type.Array(RegistrationToken) }) },
      },
    },
    async () => ({ tokens: (await services.invitations.list()).map(presentToken) }),
  )

  app.delete(
    '/admin/registration-tokens/:id',
    {
      config,
      schema: {
        tags: ['admin: invitations'],
        summary: 'Revoke a registration token',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.invitations.revoke(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}

function presentToken(row: RegistrationTokenRow) {
  return {
    id: row.id,
    prefix: row.prefix,
    note: row.note,
    max_uses: row.maxUses,
    uses: row.uses,
    role: row.role,
    group_id: row.groupId,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  }
}
