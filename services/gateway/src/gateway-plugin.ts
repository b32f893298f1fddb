import fp from 'fastify-plugin'
import type { ChangeBus, ConversationsClient, CorralMetrics, EventBus, ProxyClient } from '@corral/core'
import { refuseNulCharacters, registerErrorHandler } from '@corral/core'
import { registerAuthentication } from './authentication/authentication-hook.ts'
import type { Authenticator } from './authentication/authenticator.ts'
import { registerChatSocket } from './chat/chat-socket.ts'
import { eventsRoute } from './events/events-route.ts'
import type { ClientAddressResolver } from './network/client-address.ts'
import type { IpAllowlistGuard } from './network/ip-allowlist-guard.ts'
import { registerBodyDeadline } from './network/body-deadline.ts'
import { limitConnectionsPerAddress } from './network/connection-limit.ts'
import { registerCorsPolicy } from './network/cors-policy.ts'
import { registerNetworkHooks } from './network/network-hooks.ts'
import { healthRoutes, type Readiness } from './operations/health-routes.ts'
import { metricsRoute } from './operations/metrics-route.ts'
import { registerOpenApi } from './operations/openapi.ts'
import { registerWebApps } from './web/web-apps.ts'

export interface GatewayOptions {
  version: string
  addresses: ClientAddressResolver
  allowlist: IpAllowlistGuard
  authenticator: Authenticator
  conversations: ConversationsClient
  proxy: ProxyClient
  metrics: CorralMetrics
  readiness: Readiness
  changes: ChangeBus
  /** The system event stream, served to admins at `/corral/v1/admin/events`. */
  events: EventBus
  /** Open connections one client address may hold (CORRAL_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: number
}

/**
 * The single entry point, registered before the services so its hooks wrap every route: client
 * address and IP allowlist, authentication, CORS, errors, OpenAPI, health, metrics, the web apps and
 * the chat WebSocket.
 */
export const gatewayPlugin = fp<GatewayOptions>(
  async (app, options) => {
    registerErrorHandler(app)
    limitConnectionsPerAddress(app.server, options.maxConnectionsPerAddress, (address) =>
      options.addresses.isProxy(address),
    )
    registerBodyDeadline(app)
    refuseNulCharacters(app)
    registerNetworkHooks(app, options.addresses, options.allowlist)
    // Before authentication, so a refusal (401, 403, 429) on the key APIs still carries CORS headers
    // and a browser client can read why it was refused.
    await registerCorsPolicy(app)
    registerAuthentication(app, options.authenticator)
    await registerOpenApi(app, options.version)
    await app.register(healthRoutes, { readiness: options.readiness })
    await app.register(metricsRoute, { metrics: options.metrics })
    await registerChatSocket(app, options)
    await app.register(eventsRoute, { events: options.events })
    await registerWebApps(app)
  },
  { name: 'corral-gateway' },
)
