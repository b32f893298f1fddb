import { access } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import type { CorralConfig, Database, DataDirLock } from '@corral/core'
import { describeTarget, openDatabase, StartupError, tryLockDataDir } from '@corral/core'

/** One side of a copy: the database, how to name it to the operator, and which setting chose it. */
export interface CopyEndpoint {
  database: Database
  /** `the embedded database in /data`, `PostgreSQL at db:5432/corral` (never a password). */
  description: string
  /** The variable or option an operator changes to point elsewhere. */
  variable: string
}

/**
 * The database this Corral is configured with, as the source of a copy. The embedded one is opened
 * only with its data directory's lock: a server running on it keeps writing, and its one writer must
 * be stopped first. A directory without a database is refused rather than initialised.
 */
export async function openCopySource(config: CorralConfig, logger: Logger): Promise<CopyEndpoint> {
  if (config.databaseUrl) {
    const database = await openDatabase({
      url: config.databaseUrl,
      logger,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    })
    return {
      database,
      description: `PostgreSQL at ${describeTarget(config.databaseUrl)}`,
      variable: 'CORRAL_DATABASE_URL',
    }
  }
  const dataDir = config.dataDir
  if (!(await holdsEmbeddedDatabase(dataDir)))
    throw new StartupError(
      'CORRAL_DATA_DIR',
      `${dataDir} holds no embedded database`,
      'Set CORRAL_DATA_DIR to the data directory of the Corral to copy, or CORRAL_DATABASE_URL to its PostgreSQL',
    )
  const lock = lockForCopy(
    dataDir,
    'CORRAL_DATA_DIR',
    'Stop it first (systemctl stop corral, docker stop …): the copy needs the embedded database to itself',
  )
  const database = await openDatabase({ dataDir, logger, lock })
  return { database, description: `the embedded database in ${dataDir}`, variable: 'CORRAL_DATA_DIR' }
}

export async function holdsEmbeddedDatabase(dataDir: string): Promise<boolean> {
  try {
    await access(path.join(dataDir, 'pg', 'PG_VERSION'))
    return true
  } catch {
    return false
  }
}

/** The data directory's lock, or a refusal naming the Corral that holds it. */
export function lockForCopy(dataDir: string, variable: string, fix: string): DataDirLock {
  const lock = tryLockDataDir(dataDir)
  if ('release' in lock) return lock
  throw new StartupError(
    variable,
    `${dataDir} is in use by a running Corral${lock.heldBy ? ` (pid ${lock.heldBy})` : ''}`,
    fix,
  )
}
