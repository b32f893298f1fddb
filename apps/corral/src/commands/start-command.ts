import { loadConfig } from '@corral/core'
import { buildCorral } from '../build-corral.ts'
import { serve } from '../server.ts'
import { printBootstrap } from './print-bootstrap.ts'

export async function startCommand(): Promise<void> {
  const config = loadConfig()
  const corral = await buildCorral(config)
  const address = await serve(corral)
  corral.logger.info(
    { address, database: corral.database.kind, backends: config.ollamaUrls },
    'Corral is listening',
  )
  printBootstrap(corral.bootstrap, publicUrl(config.host, config.port))
}

function publicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}`
}
