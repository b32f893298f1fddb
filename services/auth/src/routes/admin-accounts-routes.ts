import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '@corral/core'
import {
  AdminCreatedUser,
  AdminCreateUserRequest,
  AdminRegistrationTokenList,
  AdminResetPasswordRequest,
  CreatedRegistrationToken,
  CreateRegistrationTokenRequest,
  GeneratedPassword,
  IdParams,
  ListRegistrationTokensQuery,
  SessionParams,
  UserSessions,
} from '@corral/contracts'
import type { AuthServices } from '../auth-services.ts'
import { presentRegistrationToken, presentSession } from './admin-presenters.ts'
import { schemeOf } from './request-scheme.ts'

/**
 * Admin routes that involve credentials: creating and deleting accounts, passwords, sessions and
 * invitations (the rest of user admin is the users service's, under the same paths).
 */
export const adminAccountsRoutes: FastifyPluginAsyncTypebox<{ services: AuthServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const users = ['admin: users']
  const invitations = ['admin: invitations']

  app.post(
    '/admin/users',
    {
      config,
      schema: {
        tags: users,
        summary: 'Create a user; without a password the server generates one and returns it once',
        body: AdminCreateUserRequest,
        response: { 201: AdminCreatedUser },
      },
    },
    async (request, reply) => {
      const { user, generatedPassword } = await services.accountAdmin.createUser(actorOf(request), {
        username: request.body.username,
        password: request.body.password,
        role: request.body.role ?? 'user',
        group: request.body.group,
      })
      reply.header('cache-control', 'no-store')
      return reply.code(201).send({
        id: user.id,
        username: user.username,
        role: user.role,
        group_id: user.groupId,
        ...(generatedPassword ? { password: generatedPassword } : {}),
      })
    },
  )

  app.delete(
    '/admin/users/:id',
    {
      config,
      schema: {
        tags: users,
        summary: 'Delete a user with their keys, data, password and sessions (not the last admin)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.accountAdmin.deleteUser(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/admin/users/:id/password',
    {
      config,
      schema: {
        tags: users,
        summary: "Reset a user's password (given, or generated and returned once); their sessions end",
        params: IdParams,
        body: AdminResetPasswordRequest,
        response: { 200: GeneratedPassword, 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const generated = await services.accountAdmin.resetPassword(
        actorOf(request),
        request.params.id,
        request.body.password,
      )
      if (!generated) return reply.code(204).send(null)
      return reply.header('cache-control', 'no-store').code(200).send({ password: generated })
    },
  )

  app.get(
    '/admin/users/:id/sessions',
    {
      config,
      schema: {
        tags: users,
        summary: "A user's live browser sessions",
        params: IdParams,
        response: { 200: UserSessions },
      },
    },
    async (request) => ({
      sessions: (await services.accountAdmin.listSessions(request.params.id)).map(presentSession),
    }),
  )

  app.delete(
    '/admin/users/:id/sessions',
    {
      config,
      schema: {
        tags: users,
        summary: 'Sign a user out everywhere',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.accountAdmin.endSessions(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/admin/users/:id/sessions/:sessionId',
    {
      config,
      schema: {
        tags: users,
        summary: 'End one session of a user',
        params: SessionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.accountAdmin.endSession(actorOf(request), request.params.id, request.params.sessionId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/admin/registration-tokens',
    {
      config,
      schema: {
        tags: invitations,
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
      return reply
        .header('cache-control', 'no-store')
        .code(201)
        .send({ ...presentRegistrationToken({ ...row, redemptions: [] }), token, register_url: registerUrl })
    },
  )

  app.get(
    '/admin/registration-tokens',
    {
      config,
      schema: {
        tags: invitations,
        summary: 'Registration tokens (never their secrets) with uses, creator and redemptions',
        querystring: ListRegistrationTokensQuery,
        response: { 200: AdminRegistrationTokenList },
      },
    },
    async (request) => {
      const { tokens, total, totalExact } = await services.invitations.list(request.query)
      return { tokens: tokens.map(presentRegistrationToken), total, total_exact: totalExact }
    },
  )

  app.delete(
    '/admin/registration-tokens/:id',
    {
      config,
      schema: {
        tags: invitations,
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
