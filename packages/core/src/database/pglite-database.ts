import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { StartupError } from '../config/startup-error.ts'
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts'
import { dataDirProblem } from './data-dir-problem.ts'
import type { Database, Db } from './database.ts'
import { migrationConfig } from './migration-config.ts'
import { initializePgliteDirectory } from './pglite-initdb.ts'

/**
 * PostgreSQL's own default of 128 MB of shared buffers is all resident in PGlite's WebAssembly memory;
 * Corral's tables are small and the operating system caches the files anyway. 16 MB keeps an idle
 * Corral near 300 MB resident (docs/performance.md).
 */
// pg_trgm: the admin list's username search uses a trigram index (users migration 0004).
const extensions = { pg_trgm }
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB']

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in `<dataDir>/pg`, or in memory for
 * tests (`dataDir` undefined). It is a single connection, so advisory locks are only for parity. The
 * data directory is locked while it is open (`lock`, when the caller took it already).
 */
export async function openPgliteDatabase(
  dataDir: string | undefined,
  options: { lock?: DataDirLock } = {},
): Promise<Database> {
  let client: PGlite
  let lock: DataDirLock | undefined
  if (dataDir === undefined) {
    client = await PGlite.create({ extensions, startParams })
  } else {
    lock = options.lock ?? lockDataDir(dataDir)
    try {
      client = await openDirectory(path.join(dataDir, 'pg'))
    } catch (error) {
      lock.release()
      throw error
    }
  }
  const drizzleDb = drizzle({ client })
  const db = drizzleDb as unknown as Db
  return {
    kind: 'pglite',
    db,
    migrate: async (services) => {
      for (const service of services) await migrate(drizzleDb, migrationConfig(service))
    },
    withAdvisoryLock: (_lockId, work) => work(db),
    listen: async (channel, handler) => {
      const unlisten = await client.listen(channel, handler)
      return () => unlisten()
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`)
    },
    ping: async () => {
      await client.query('select 1')
    },
    close: async () => {
      try {
        await client.close()
      } finally {
        lock?.release()
      }
    },
  }
}

async function openDirectory(directory: string): Promise<PGlite> {
  try {
    await mkdir(directory, { recursive: true })
    // PGlite reports an unwritable directory only as "failed to initialize properly".
    await access(directory, constants.R_OK | constants.W_OK | constants.X_OK)
  } catch (error) {
    throw dataDirProblem(error, directory)
  }
  try {
    await initializePgliteDirectory(directory)
    return await PGlite.create(directory, { extensions, startParams })
  } catch (error) {
    throw new StartupError(
      'CORRAL_DATA_DIR',
      `the embedded database in ${directory} could not be opened (${(error as Error).message})`,
      'Check that every file in it belongs to the user Corral runs as and the disk is not full; restore it from a backup if it is damaged',
    )
  }
}
