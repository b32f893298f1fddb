import { pino } from 'pino'
import { authMigrations, loadInstanceSecret, wireAuthServices, type AuthServices } from '@corral/auth'
import type { Database } from '@corral/core'
import { ChangeBus, loadConfig, openDatabase } from '@corral/core'
import { proxyMigrations } from '@corral/proxy'
import { createUsersClient, usersMigrations, wireUsersServices, type UsersServices } from '@corral/users'

export interface OperatorContext {
  database: Database
  users: UsersServices
  auth: AuthServices
}

/**
 * The operator commands work on the configured database directly (no server needs to run). Changes
 * are announced on the change bus, so a running Corral on the same PostgreSQL applies them at once.
 */
export async function withOperatorContext<T>(work: (context: OperatorContext) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const logger = pino({ level: 'warn' })
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger })
  try {
    await database.migrate([usersMigrations, authMigrations, proxyMigrations])
    const changes = new ChangeBus(database)
    const users = wireUsersServices(database, changes, logger)
    await users.settings.ensureDefaults()
    const auth = wireAuthServices({
      database,
      changes,
      users: createUsersClient(users),
      logger,
      instanceSecret: await loadInstanceSecret(config.secretKey, config.dataDir),
    })
    return await work({ database, users, auth })
  } finally {
    await database.close()
  }
}
