import type { Logger } from 'pino'
import type { DataDirLock } from './data-dir-lock.ts'
import type { Database } from './database.ts'
import { openPgliteDatabase } from './pglite-database.ts'
import { openPostgresDatabase } from './postgres-database.ts'

export interface OpenDatabaseOptions {
  url?: string
  dataDir?: string
  logger: Logger
  /** How long to wait for a PostgreSQL server that does not answer yet (CORRAL_DATABASE_CONNECT_TIMEOUT). */
  connectTimeoutMs?: number
  /** The data directory's lock, when the caller holds it already (embedded database only). */
  lock?: DataDirLock
}

/** A real PostgreSQL when `url` is set, otherwise the embedded one in `dataDir` (memory if undefined). */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgresDatabase(options.url, options.logger, options.connectTimeoutMs)
    : openPgliteDatabase(options.dataDir, { lock: options.lock })
}
