import { chmod, mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { operatorSocketPath } from './operator-socket-path.ts'

/**
 * Serves the operator app on `<dataDir>/run/operator.sock`, so that `corral user …` run beside this
 * server changes the data through it (PGlite has one writer: this process). Called only while the
 * data directory's lock is held, so a socket file already there was left by a process that died.
 * Returns undefined, after saying why, when the socket cannot be made (the path is too long, …):
 * the server runs on, and operator commands then ask for it to be stopped.
 */
export async function serveOperatorSocket(
  app: FastifyInstance,
  dataDir: string,
  logger: Logger,
): Promise<{ path: string; close: () => Promise<void> } | undefined> {
  const socket = operatorSocketPath(dataDir)
  try {
    await mkdir(path.dirname(socket), { recursive: true, mode: 0o700 })
    await chmod(path.dirname(socket), 0o700)
    await rm(socket, { force: true })
    await app.listen({ path: socket })
    await chmod(socket, 0o600)
  } catch (error) {
    logger.warn(
      { err: error, socket },
      'the operator socket could not be opened: operator commands (corral user …) need this server stopped',
    )
    await app.close()
    return undefined
  }
  return { path: socket, close: () => app.close() }
}
