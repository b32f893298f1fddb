import type { Corral } from './build-corral.ts'

/**
 * Listens, and shuts down gracefully on SIGINT/SIGTERM: new requests are refused (503), running
 * streams get `shutdownTimeoutMs` to finish, then remaining connections are cut, usage is flushed and
 * the database closed.
 */
export async function serve(corral: Corral): Promise<string> {
  const { app, config, logger } = corral
  const address = await app.listen({ host: config.host, port: config.port })
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing running requests')
    const deadline = setTimeout(() => {
      logger.warn('shutdown timeout reached: closing remaining connections')
      app.server.closeAllConnections()
    }, config.shutdownTimeoutMs)
    deadline.unref()
    // Keep-alive connections that finish their last response during shutdown would otherwise idle until
    // their keep-alive timeout (72 s in Fastify); close each as soon as it has nothing in flight.
    const sweeper = setInterval(() => app.server.closeIdleConnections(), 250)
    sweeper.unref()
    try {
      await app.close()
      await corral.close()
      logger.info('stopped')
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown')
      process.exitCode = 1
    }
    clearTimeout(deadline)
    clearInterval(sweeper)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  return address
}
