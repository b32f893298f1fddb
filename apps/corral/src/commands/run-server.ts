import type { CorralConfig } from '@corral/core'
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
  const address = await serve({
    ...corral,
    close: async () => {
      for (const close of closers) await close()
      await corral.close()
    },
  })
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
