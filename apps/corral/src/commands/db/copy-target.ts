import { rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import type { CorralConfig } from '@corral/core'
import { describeTarget, openDatabase, StartupError } from '@corral/core'
import { holdsEmbeddedDatabase, lockForCopy, type CopyEndpoint } from './copy-source.ts'

/** Where `--to` points: a PostgreSQL database, or a data directory for an embedded one. */
export type CopyTarget = { kind: 'postgres'; url: string } | { kind: 'directory'; dataDir: string }

export interface OpenedTarget extends CopyEndpoint {
  /** Removes what opening created, after a copy that did not happen (the database is closed first). */
  discard(): Promise<void>
}

export function parseCopyTarget(to: string, config: CorralConfig): CopyTarget {
  if (/^postgres(ql)?:\/\//.test(to)) {
    if (to === config.databaseUrl)
      throw new StartupError('--to', 'it is the source database', 'Give another database')
    return { kind: 'postgres', url: to }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to))
    throw new StartupError(
      '--to',
      `expected a postgres:// URL or a directory, not ${to.split(':')[0]}://…`,
      'Give postgres://user:password@host:5432/database or a path',
    )
  const dataDir = path.resolve(to)
  if (!config.databaseUrl && dataDir === config.dataDir)
    throw new StartupError('--to', `${dataDir} is the source's data directory`, 'Give another directory')
  return { kind: 'directory', dataDir }
}

/**
 * Opens the target. PostgreSQL is tried once (an operator who typed a wrong port wants to know at
 * once, not after the 30 s a starting Corral waits). A directory is locked like a Corral's data
 * directory, so no server can start on it during the copy; a database made in it only for this copy
 * is removed again if the copy does not happen.
 */
export async function openCopyTarget(target: CopyTarget, logger: Logger): Promise<OpenedTarget> {
  if (target.kind === 'postgres') {
    const database = await openDatabase({ url: target.url, logger, connectTimeoutMs: 0, variable: '--to' })
    return {
      database,
      description: `PostgreSQL at ${describeTarget(target.url)}`,
      variable: '--to',
      discard: async () => undefined,
    }
  }
  const { dataDir } = target
  const existed = await isDirectory(dataDir)
  const hadDatabase = existed && (await holdsEmbeddedDatabase(dataDir))
  const lock = lockForCopy(dataDir, '--to', 'Stop it first, or give another directory')
  const discard = async () => {
    if (!existed) await rm(dataDir, { recursive: true, force: true })
    else if (!hadDatabase) await rm(path.join(dataDir, 'pg'), { recursive: true, force: true })
  }
  try {
    const database = await openDatabase({ dataDir, logger, lock })
    return { database, description: `the embedded database in ${dataDir}`, variable: '--to', discard }
  } catch (error) {
    await discard()
    throw error
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory()
  } catch {
    return false
  }
}
