import type { Logger } from 'pino'
import type { Database } from './database.ts'
import { openPgliteDatabase } from './pglite-database.ts'
import { openPostgresDatabase } from './postgres-database.ts'

/** A real PostgreSQL when `url` is set, otherwise the embedded one in `dataDir` (memory if undefined). */
export function openDatabase(options: { url?: string; dataDir?: string; logger: Logger }): Promise<Database> {
  return options.url ? openPostgresDatabase(options.url, options.logger) : openPgliteDatabase(options.dataDir)
}
