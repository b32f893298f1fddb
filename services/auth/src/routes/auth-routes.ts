import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type {} from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Errors, actorOf, isCrossSite } from '@corral/core'
import {
  Account,
  ChangePasswordRequest,
  Jwks,
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  RegisterRequest,
  TokenPair,
} from '@corral/contracts'
import type { AuthServices } from '../auth-services.ts'
import type { IssuedSession } from '../sessions/sessions-service.ts'
import { refreshTokenLifetimeMs } from '../sessions/sessions-service.ts'
import { schemeOf } from './request-scheme.ts'

/** The refresh cookie is only ever sent to the auth routes, and never to other sites. */
export const refreshCookie = 'corral_refresh'
const cookiePath = '/corral/v1/auth'

export const authRoutes: FastifyPluginAsyncTypebox<{ services: AuthServices }> = async (
  app,
  { services },
) => {
  const tags = ['auth']
  const config = { access: 'public' as const }
  // What anyone may send without signing in is read in full and parsed before any check: keep it small.
  const bodyLimit = 16 * 1024
  const errors = { 401: { $ref: 'CorralError#' }, 429: { $ref: 'CorralError#' } }
  // A browser refreshes or signs out with the cookie alone and sends no body at all; every field of
  // these bodies is optional, so an absent body is an empty one (Fastify would refuse it otherwise).
  const absentBodyIsEmpty = async (request: FastifyRequest) => {
    request.body ??= {}
  }
  // The cookie is SameSite=Strict, but a page on a sibling subdomain is the same site and gets it too:
  // whatever sets or spends the cookie answers only to this server's own pages.
  const refuseCrossSiteCookie = (request: FastifyRequest, usesCookie: boolean) => {
    if (usesCookie && isCrossSite(request)) throw new Errors.crossSite()
  }

  app.post(
    '/auth/login',
    {
      config,
      bodyLimit,
      schema: {
        tags,
        summary: 'Sign in with a username and password',
        body: LoginRequest,
        response: { 200: TokenPair, ...errors },
      },
    },
    async (request, reply) => {
      refuseCrossSiteCookie(request, request.body.use_cookie === true)
      const session = await services.accounts.login(
        request.body.username,
        request.body.password,
        clientInfo(request),
      )
      return sendSession(reply, session, request.body.use_cookie ?? false)
    },
  )

  app.post(
    '/auth/register',
    {
      config,
      bodyLimit,
      schema: {
        tags,
        summary: 'Create an account with a registration (invite) token',
        body: RegisterRequest,
        response: { 201: Account },
      },
    },
    async (request, reply) => {
      const user = await services.accounts.register(
        {
          username: request.body.username,
          password: request.body.password,
          token: request.body.registration_token,
        },
        clientInfo(request),
      )
      return reply
        .code(201)
        .send({ id: user.id, username: user.username, role: user.role, group_id: user.groupId })
    },
  )

  app.post(
    '/auth/refresh',
    {
      config,
      bodyLimit,
      schema: {
        tags,
        summary: 'Trade a refresh token (body or cookie) for a new pair; a reused token ends the session',
        body: RefreshRequest,
        response: { 200: TokenPair, 401: { $ref: 'CorralError#' } },
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request, reply) => {
      const fromCookie = request.cookies[refreshCookie]
      refuseCrossSiteCookie(request, fromCookie !== undefined)
      const token = request.body.refresh_token ?? fromCookie
      if (!token) throw new Errors.unauthenticated('No refresh token')
      try {
        const session = await services.sessions.refresh(token, clientInfo(request))
        return sendSession(
          reply,
          session,
          request.body.use_cookie ?? (fromCookie !== undefined && !request.body.refresh_token),
        )
      } catch (error) {
        if (fromCookie) reply.clearCookie(refreshCookie, { path: cookiePath })
        throw error
      }
    },
  )

  app.post(
    '/auth/logout',
    {
      config,
      bodyLimit,
      schema: {
        tags,
        summary: 'End the session of a refresh token (body or cookie)',
        body: LogoutRequest,
        response: { 204: Type.Null() },
      },
      preValidation: absentBodyIsEmpty,
    },
    async (request, reply) => {
      refuseCrossSiteCookie(request, request.cookies[refreshCookie] !== undefined)
      const token = request.body.refresh_token ?? request.cookies[refreshCookie]
      if (token) {
        const userId = await services.sessions.end(token)
        if (userId)
          await services.users.audit({
            actorUserId: userId,
            actorUsername: null,
            action: 'auth.logout',
            ip: request.clientIp,
          })
      }
      reply.clearCookie(refreshCookie, { path: cookiePath })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/password',
    {
      config: { sessionOnly: true },
      schema: {
        tags,
        summary: 'Change your password; your other sessions end',
        body: ChangePasswordRequest,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.accounts.changePassword(
        actorOf(request),
        request.sessionId,
        request.body.current_password,
        request.body.new_password,
      )
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/jwks',
    {
      config,
      schema: {
        tags,
        summary: 'Public keys that verify Corral access tokens (JWKS)',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return services.keyRing.jwks
    },
  )
}

function clientInfo(request: FastifyRequest) {
  return { ip: request.clientIp, userAgent: request.headers['user-agent'] ?? null }
}

/** Browser apps keep the refresh token in an httpOnly, SameSite=Strict cookie JavaScript cannot read. */
function sendSession(reply: FastifyReply, session: IssuedSession, useCookie: boolean) {
  if (useCookie) {
    reply.setCookie(refreshCookie, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: schemeOf(reply.request) === 'https',
      path: cookiePath,
      maxAge: Math.floor(refreshTokenLifetimeMs / 1000),
    })
  }
  return reply.send({
    access_token: session.accessToken,
    ...(useCookie ? {} : { refresh_token: session.refreshToken }),
    token_type: 'Bearer' as const,
    expires_in: session.expiresIn,
  })
}
