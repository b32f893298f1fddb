import type { FastifyInstance } from 'fastify'
import { Errors } from '@corral/core'
import type { ClientAddressResolver } from './client-address.ts'
import type { IpAllowlistGuard } from './ip-allowlist-guard.ts'

/** Health checks answer from anywhere: load balancers and orchestrators are rarely on the allowlist. */
const healthPaths = new Set(['/healthz', '/readyz'])

/** The first hooks of every request: who is at the other end, and are they allowed in at all. */
export function registerNetworkHooks(
  app: FastifyInstance,
  addresses: ClientAddressResolver,
  allowlist: IpAllowlistGuard,
): void {
  app.decorateRequest('clientIp', '')
  app.addHook('onRequest', async (request) => {
    request.clientIp = addresses.resolve(request.socket.remoteAddress, request.headers)
    const path = request.url.split('?', 1)[0]!
    if (!healthPaths.has(path) && !allowlist.allows(request.clientIp)) {
      throw new Errors.ipNotAllowed()
    }
  })
}
