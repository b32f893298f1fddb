import type { CorralConfig } from '@corral/core'
import { StartupError } from '@corral/core'
import { buildCorral, type Corral } from '../build-corral.ts'
import { serve } from '../server.ts'
import { buildOperatorApp } from './operator/operator-app.ts'
import { publicUrl } from './operator/operator-socket-path.ts'
import { serveOperatorSocket } from './operator/operator-socket.ts'

export interface RunningServer {
  corral: Corral
  /** The address it listens on, as the listener reports it. */
  address: string
  /** Where people reach it (`localhost` for a wildcard address). */
  url: string
}

/**
 * `corral start` and `corral demo`: Corral listening, and with the embedded database the operator
 * socket beside it, closed at shutdown before the database is.
 */
export async function runServer(config: CorralConfig): Promise<RunningServer> {
  const corral = await buildCorral(config)
  const closers: (() => Promise<void>)[] = []
  let address: string
  try {
    address = await serve({
      ...corral,
      close: async () => {
        for (const close of closers) await close()
        await corral.close()
      },
    })
  } catch (error) {
    await corral.close()
    throw listenProblem(error, config)
  }
  const url = publicUrl(config.host, Number(new URL(address).port))
  if (corral.database.kind === 'pglite') {
    const operatorApp = await buildOperatorApp({
      users: corral.users,
      auth: corral.auth,
      publicUrl: url,
      logger: corral.logger.child({ listener: 'operator socket' }),
    })
    const socket = await serveOperatorSocket(operatorApp, config.dataDir, corral.logger)
    if (socket) closers.push(socket.close)
  }
  return { corral, address, url }
}

/** `listen EADDRINUSE 0.0.0.0:8080` and its kin, as the variables to change. */
function listenProblem(error: unknown, config: CorralConfig): unknown {
  const where = `${config.host}:${config.port}`
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return new StartupError(
        'CORRAL_PORT',
        `${where} is in use by another program`,
        'Stop that program, or set CORRAL_PORT (and CORRAL_HOST) to a free address',
      )
    case 'EACCES':
      return new StartupError(
        'CORRAL_PORT',
        `listening on ${where} is not permitted`,
        'Ports below 1024 need privileges: use a higher CORRAL_PORT and a proxy in front',
      )
    case 'EADDRNOTAVAIL':
      return new StartupError(
        'CORRAL_HOST',
        `${config.host} is not an address of this machine`,
        'Set CORRAL_HOST to one of its addresses, or 0.0.0.0 for all of them',
      )
    default:
      return error
  }
}
