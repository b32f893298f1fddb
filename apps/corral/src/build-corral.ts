import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import {
  authServiceRoutes,
  bootstrapAdmin,
  createAuthClient,
  loadInstanceSecret,
  startAuthServices,
  wireAuthServices,
  type AuthServices,
  type BootstrapResult,
} from '@corral/auth'
import type { CorralConfig, Database } from '@corral/core'
import {
  ChangeBus,
  CorralMetrics,
  EventBus,
  SecretBox,
  corralValidatorCompilers,
  createLogger,
  openDatabase,
  startEmbeddedMaintenance,
} from '@corral/core'
import { Authenticator, ClientAddressResolver, gatewayPlugin, IpAllowlistGuard } from '@corral/gateway'
import { ollamaApiRoutes, proxyAdminRoutes, wireProxyServices, type ProxyServices } from '@corral/proxy'
import {
  alertsRoutes,
  createUsersClient,
  usersRoutes,
  wireAlerts,
  wireUsersServices,
  type Alerts,
  type AlertsDeps,
  type UsersServices,
} from '@corral/users'
import { corralMigrations } from './corral-migrations.ts'
import { corralVersion } from './version.ts'

export interface Corral {
  app: FastifyInstance
  config: CorralConfig
  database: Database
  users: UsersServices
  auth: AuthServices
  proxy: ProxyServices
  /** The system event stream (docs/monitoring.md). */
  events: EventBus
  /** Alert rules and webhooks, fed by `events` (docs/monitoring.md, "Alerts and webhooks"). */
  alerts: Alerts
  bootstrap: BootstrapResult
  logger: Logger
  /** Stops background work, flushes usage, closes the database (the HTTP server is closed by the caller). */
  close(): Promise<void>
}

export interface BuildOptions {
  logger?: Logger
  /** Use this database instead of opening one from the configuration (tests). */
  database?: Database
  /** Webhook timeouts and retry delays (tests shorten them). */
  alertDelivery?: AlertsDeps['delivery']
}

/**
 * The composition root: one process running the four services (docs/architecture.md). Services talk
 * through their client interfaces, which here are plain function calls.
 */
export async function buildCorral(config: CorralConfig, options: BuildOptions = {}): Promise<Corral> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    }))
  await database.migrate(corralMigrations)
  const stopMaintenance = startEmbeddedMaintenance(database, logger)
  const changes = new ChangeBus(database)
  const metrics = new CorralMetrics()
  const events = new EventBus({
    onListenerError: (error, event) =>
      logger.warn({ err: error, event: event.type }, 'an event listener failed'),
  })

  const users = wireUsersServices(database, changes, logger, events)
  await users.settings.ensureDefaults()
  // Before the proxy starts recording: the rollups of records written by a version without them.
  if (await users.usage.backfillRollups())
    logger.info('dashboard rollups built from the existing usage records')
  const unsubscribeSettings = await changes.subscribe((event) => {
    if (event.kind === 'settings' || event.kind === 'all') users.settings.invalidate()
  })
  const usersClient = createUsersClient(users)

  const instanceSecret = await loadInstanceSecret(config.secretKey, config.dataDir)
  const auth = wireAuthServices({ database, changes, events, users: usersClient, logger, instanceSecret })
  const stopAuth = await startAuthServices(auth, logger)
  const bootstrap = await bootstrapAdmin({
    database,
    users: usersClient,
    accounts: auth.accounts,
    invitations: auth.invitations,
    admin: config.admin,
  })

  const proxy = await wireProxyServices({
    database,
    changes,
    events,
    users: usersClient,
    config,
    metrics,
    logger,
  })
  await proxy.start()
  const alerts = wireAlerts({
    database,
    events,
    metrics,
    box: new SecretBox(instanceSecret),
    audit: users.audit,
    logger,
    delivery: options.alertDelivery,
  })
  await alerts.start()

  const authenticator = new Authenticator(usersClient, createAuthClient(auth), logger)
  const stopAuthenticator = await authenticator.start(changes)
  const allowlist = new IpAllowlistGuard(usersClient, logger)
  const stopAllowlist = await allowlist.start(changes)

  // Typed as Fastify's logger so the instance has Fastify's default logger type everywhere.
  const fastifyLogger: FastifyBaseLogger = logger
  const app = Fastify({
    loggerInstance: fastifyLogger,
    genReqId: () => randomUUID(),
    // Ollama clients send GB-sized blob uploads and large image prompts; the proxy bounds what it
    // buffers itself, and Corral's own JSON routes are small.
    bodyLimit: 1024 * 1024,
    // Model loads take minutes before the first byte and blob uploads take minutes to send: no limit on
    // a whole request. Corral's own routes have a body deadline (the gateway's), and every connection
    // must finish its headers within 10 s (Node checks every 2 s), silent new connections included.
    requestTimeout: 0,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 2_000 },
    // JSON bodies are validated as sent, without type coercion (`{"username": 123}` is a 400).
    schemaController: { compilersFactory: { buildValidator: corralValidatorCompilers() } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(gatewayPlugin, {
    version: corralVersion,
    addresses: new ClientAddressResolver(config.trustedProxies, config.cloudflareProxies),
    allowlist,
    authenticator,
    conversations: usersClient,
    proxy: proxy.client,
    metrics,
    changes,
    events,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    readiness: {
      database: () => database.ping(),
      backends: () => ({ healthy: proxy.registry.healthy().length, total: proxy.registry.list().length }),
      signingKeys: () => auth.keyRing.health(),
    },
  })
  await app.register(authServiceRoutes, { prefix: '/corral/v1', services: auth })
  await app.register(usersRoutes, { prefix: '/corral/v1', services: users })
  await app.register(proxyAdminRoutes, { prefix: '/corral/v1', services: proxy })
  await app.register(alertsRoutes, { prefix: '/corral/v1', alerts })
  await app.register(ollamaApiRoutes, { services: proxy })
  await app.ready()

  return {
    app,
    config,
    database,
    users,
    auth,
    proxy,
    events,
    alerts,
    bootstrap,
    logger,
    close: async () => {
      stopAuth()
      alerts.stop()
      await Promise.all([stopAuthenticator(), stopAllowlist(), unsubscribeSettings()])
      await proxy.stop()
      await stopMaintenance()
      if (!options.database) await database.close()
    },
  }
}
