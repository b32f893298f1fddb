import { authMigrations, loadInstanceSecret, wireAuthServices } from '@corral/auth'
import type { CorralConfig, DataDirLock } from '@corral/core'
import { ChangeBus, EventBus, openDatabase } from '@corral/core'
import { createUsersClient, usersMigrations, wireUsersServices } from '@corral/users'
import { OperatorApi } from './operator-api.ts'
import { buildOperatorApp } from './operator-app.ts'
import { injectTransport } from './inject-transport.ts'
import { operatorLogger } from './operator-logger.ts'
import { publicUrl } from './operator-socket-path.ts'

/**
 * The admin API over the configured database, in this process: for PostgreSQL (a running Corral
 * applies the changes at once through NOTIFY) and for an embedded database no server holds (`lock`).
 * Only what the operator routes need is opened: no proxy, no backends, no signing keys.
 */
export async function openDirectOperatorApi(config: CorralConfig, lock?: DataDirLock): Promise<OperatorApi> {
  const logger = operatorLogger()
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    lock,
  })
  try {
    await database.migrate([usersMigrations, authMigrations])
    const changes = new ChangeBus(database)
    // The CLI is a process of its own with no subscribers: its events (audit, new users) have no audience
    // here; a running server learns of its changes through the change bus and the audit log.
    const events = new EventBus()
    const users = wireUsersServices(database, changes, logger, events)
    await users.settings.ensureDefaults()
    const auth = wireAuthServices({
      database,
      changes,
      events,
      users: createUsersClient(users),
      logger,
      instanceSecret: await loadInstanceSecret(config.secretKey, config.dataDir),
    })
    const app = await buildOperatorApp({
      users,
      auth,
      publicUrl: publicUrl(config.host, config.port),
      logger,
    })
    return new OperatorApi(
      injectTransport(app, async () => {
        await app.close()
        await database.close()
      }),
    )
  } catch (error) {
    await database.close()
    throw error
  }
}
