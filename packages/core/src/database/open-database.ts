import type { Logger } from 'pino'
import type { DataDirLock } from './data-dir-lock.ts'
import type { Database } from './database.ts'

export interface OpenDatabaseOptions {
  url?: string
  dataDir?: string
  logger: Logger
  /** How long to wait for a PostgreSQL server that does not answer yet (CORRAL_DATABASE_CONNECT_TIMEOUT). */
  connectTimeoutMs?: number
  /** What PostgreSQL connection errors name: CORRAL_DATABASE_URL unless the URL came from elsewhere. */
  variable?: string
  /** The data directory's lock, when the caller holds it already (embedded database only). */
  lock?: DataDirLock
}

/**
 * A real PostgreSQL when `url` is set, otherwise the embedded one in `dataDir` (memory if undefined).
 * Each driver is loaded only when used: PGlite alone is ~40 MB resident that a server on PostgreSQL
 * does not need.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    const { openPostgresDatabase } = await import('./postgres-database.ts')
    return openPostgresDatabase(options.url, options.logger, options.connectTimeoutMs, options.variable)
  }
  const { openPgliteDatabase } = await import('./pglite-database.ts')
  return openPgliteDatabase(options.dataDir, { lock: options.lock })
}
