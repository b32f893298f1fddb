import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import { authServiceRoutes, type AuthServices } from '@corral/auth'
import { CorralError } from '@corral/contracts'
import { Errors, registerErrorHandler } from '@corral/core'
import { usersRoutes, type UsersServices } from '@corral/users'

export interface OperatorAppOptions {
  users: UsersServices
  auth: AuthServices
  /** Where people reach this Corral; invitation links point there. */
  publicUrl: string
  logger: Logger
}

/**
 * The admin API as the operator commands use it: the same route plugins, schemas, services and audit
 * log as `/corral/v1/admin/*` on the public port, with the caller fixed as the operator. A running
 * server serves it on its operator socket; with no server, the CLI builds it over the database it
 * opened and injects its requests. Only admin routes exist here.
 */
export async function buildOperatorApp(options: OperatorAppOptions): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = options.logger
  const app = Fastify({ loggerInstance }).withTypeProvider<TypeBoxTypeProvider>()
  const publicUrl = new URL(options.publicUrl)
  registerErrorHandler(app)
  app.addSchema(CorralError)
  app.decorateRequest('identity', null)
  app.decorateRequest('sessionId', null)
  app.decorateRequest('clientIp', '')
  app.decorateRequest('operator', true)
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.access !== 'admin') throw new Errors.notFound('Not an operator route')
    // Links the routes build (invitations) must point where people sign in, not at this socket.
    request.headers.host = publicUrl.host
    request.headers['x-forwarded-proto'] = publicUrl.protocol.replace(':', '')
  })
  await app.register(authServiceRoutes, { prefix: '/corral/v1', services: options.auth })
  await app.register(usersRoutes, { prefix: '/corral/v1', services: options.users })
  await app.ready()
  return app
}
