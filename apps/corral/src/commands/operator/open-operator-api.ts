import { setTimeout as sleep } from 'node:timers/promises'
import {
  loadConfig,
  StartupError,
  tryLockDataDir,
  type CorralConfig,
  type DataDirLock,
} from '@corral/core/config'
import { OperatorApi } from './operator-api.ts'
import { operatorSocketPath } from './operator-socket-path.ts'
import { socketListens, socketTransport } from './socket-transport.ts'

/** How long a command waits for a server that holds the data directory but does not listen yet. */
const waitForServerMs = 30_000

/**
 * Where an operator command sends its requests. With PostgreSQL: the database itself (many writers
 * are fine). With the embedded database: the running server's operator socket when a server holds
 * the data directory, so the one writer stays the only writer; the directory itself, locked, when
 * none does. A server that is still starting (or another command that holds the lock for a moment)
 * is waited for.
 */
export async function openOperatorApi(): Promise<OperatorApi> {
  const config = loadConfig()
  if (config.databaseUrl) return direct(config)
  const socket = operatorSocketPath(config.dataDir)
  const deadline = Date.now() + waitForServerMs
  for (;;) {
    // The socket first: a server that listens there holds the lock, and a user who may talk to it need
    // not be able to open the data directory.
    if (await socketListens(socket)) return new OperatorApi(socketTransport(socket))
    const lock = tryLockDataDir(config.dataDir)
    if ('release' in lock) return direct(config, lock)
    if (Date.now() > deadline)
      throw new StartupError(
        'CORRAL_DATA_DIR',
        `${config.dataDir} is held by a Corral process${lock.heldBy ? ` (pid ${lock.heldBy})` : ''} that does not answer on ${socket}`,
        'Wait until that server has started, or stop it and run the command again',
      )
    await sleep(250)
  }
}

/** Loaded only when needed: it brings the database drivers and the services. */
async function direct(config: CorralConfig, lock?: DataDirLock): Promise<OperatorApi> {
  const { openDirectOperatorApi } = await import('./direct-operator-api.ts')
  return openDirectOperatorApi(config, lock)
}
