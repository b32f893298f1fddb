import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServiceCall, ServiceTokenVerifier } from '../security/service-token.ts'

/** Every internal route sits under this prefix, and only on the internal listener. */
export const internalRoutePrefix = '/internal/v1'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on internal routes once the service token is verified. */
    serviceCall?: ServiceCall
  }
}

/**
 * Registers `routes` under the internal prefix of `app` (the internal listener's instance, never the
 * public one, which therefore answers 404 for them), each refused unless it carries a valid service
 * token for this service.
 */
export async function registerInternalRoutes(
  app: FastifyInstance,
  verifier: ServiceTokenVerifier,
  routes: (scope: FastifyInstance) => Promise<void> | void,
): Promise<void> {
  await app.register(
    async (scope) => {
      scope.decorateRequest('serviceCall', undefined)
      scope.addHook('onRequest', async (request: FastifyRequest) => {
        request.serviceCall = await verifier.verify(request.headers.authorization)
      })
      await routes(scope)
    },
    { prefix: internalRoutePrefix },
  )
}
