import type { FastifyInstance } from 'fastify'
import { Errors } from '@corral/core'
import type { Authenticator } from './authenticator.ts'

/** API routes need a caller unless they say otherwise; static files, health and metrics do not. */
const isApiRoute = (url: string) =>
  url.startsWith('/api/') || url.startsWith('/v1/') || url.startsWith('/corral/')

/**
 * Runs before every route: finds who is calling and enforces the route's `config.access` ('public',
 * 'user' by default, or 'admin'). Handlers behind it can rely on `request.identity`.
 */
export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('identity', null)
  app.decorateRequest('sessionId', null)
  app.decorateRequest('credentialExpiresAt', null)
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url
    if (url === undefined) return
    const access = request.routeOptions.config?.access ?? (isApiRoute(url) ? 'user' : 'public')
    if (access === 'public') return
    const queryStart = request.url.indexOf('?')
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart)
    const ts = (request.query as Record<string, unknown> | undefined)?.ts
    const result = await authenticator.authenticate({
      authorization: request.headers.authorization,
      apiKeyHeader:
        typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined,
      method: request.method,
      path,
      ts: typeof ts === 'string' ? ts : undefined,
      clientIp: request.clientIp,
    })
    if (!result)
      throw new Errors.unauthenticated('Authentication required: send Authorization: Bearer <API key>')
    request.identity = result.identity
    request.sessionId = result.sessionId
    request.credentialExpiresAt = result.expiresAt
    if (access === 'admin' && result.identity.role !== 'admin') throw new Errors.forbidden('Admins only')
    if (access === 'admin' && result.identity.keyRestricted)
      throw new Errors.forbidden(
        'This key is restricted (models, limits or priority): admin routes need an unrestricted admin key or a session',
      )
    if (request.routeOptions.config?.sessionOnly && result.identity.method !== 'session')
      throw new Errors.sessionRequired()
  })
}
