import { loadConfig } from '@corral/core'
import { printBootstrap } from './print-bootstrap.ts'
import { runServer } from './run-server.ts'

export async function startCommand(): Promise<void> {
  const config = loadConfig()
  const { corral, address, url } = await runServer(config)
  corral.logger.info(
    { address, database: corral.database.kind, backends: config.ollamaUrls },
    'Corral is listening',
  )
  printBootstrap(corral.bootstrap, url)
}
