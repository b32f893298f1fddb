import { closeSync, constants, mkdirSync, openSync, readFileSync, ftruncateSync, writeSync } from 'node:fs'
import path from 'node:path'
import { tryLock } from 'fs-native-extensions'
import { StartupError } from '../config/startup-error.ts'
import { dataDirProblem } from './data-dir-problem.ts'

/** The file whose lock makes one process the only writer of a data directory. */
export const dataDirLockFile = 'corral.lock'

/**
 * Exclusive ownership of a data directory: the embedded PostgreSQL (PGlite) is a single-process
 * database, and two processes writing `<dataDir>/pg` lose each other's writes. The lock is the
 * kernel's (an open-file-description lock on Linux, flock on macOS), so a process that dies, even by
 * `kill -9`, cannot leave it stuck. The file is never deleted: deleting a lock file lets a third
 * process lock a new file while a second still waits on the old one.
 */
export interface DataDirLock {
  readonly dataDir: string
  release(): void
}

/** The lock, or who holds it (the pid its holder wrote into the file, when readable). */
export function tryLockDataDir(dataDir: string): DataDirLock | { heldBy: number | undefined } {
  try {
    mkdirSync(dataDir, { recursive: true })
  } catch (error) {
    throw dataDirProblem(error, dataDir)
  }
  const file = path.join(dataDir, dataDirLockFile)
  let fd: number
  try {
    fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o644)
  } catch (error) {
    throw dataDirProblem(error, dataDir)
  }
  if (!tryLock(fd)) {
    closeSync(fd)
    return { heldBy: readHolder(file) }
  }
  // Only for the message a second process prints; the lock itself is what counts.
  ftruncateSync(fd, 0)
  writeSync(fd, `${process.pid}\n`, 0)
  let released = false
  return {
    dataDir,
    release: () => {
      if (released) return
      released = true
      closeSync(fd)
    },
  }
}

/** Takes the lock or explains who has it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const result = tryLockDataDir(dataDir)
  if ('release' in result) return result
  throw dataDirInUse(dataDir, result.heldBy)
}

export function dataDirInUse(dataDir: string, heldBy: number | undefined): StartupError {
  return new StartupError(
    'CORRAL_DATA_DIR',
    `${dataDir} is in use by another Corral process${heldBy ? ` (pid ${heldBy})` : ''}`,
    'Stop that process first, or give this one its own CORRAL_DATA_DIR (the embedded database has one writer)',
  )
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}
