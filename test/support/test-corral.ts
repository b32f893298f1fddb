import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino, type Logger } from 'pino'
import type { CorralConfig } from '@corral/core'
import { loadConfig } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim, type OllamaSimOptions } from '@corral/ollama-sim'
import { buildCorral, type BuildOptions, type Corral } from '../../apps/corral/src/build-corral.ts'

export interface TestCorral {
  /** `http://127.0.0.1:<port>`: a real Corral on a real port. */
  url: string
  corral: Corral
  sim: OllamaSim
  testDatabase: TestDatabase
  admin: { username: string; password: string }
  close(): Promise<void>
}

export const strongPassword = () => `Pw-${randomBytes(9).toString('base64url')}-quokka`

/**
 * A running Corral for a test file: its own fresh database (PGlite or a new PostgreSQL database,
 * per the Vitest project), its own Ollama simulator, a real listening port, and an admin.
 */
export async function startTestCorral(
  options: {
    sim?: OllamaSimOptions
    config?: Partial<CorralConfig>
    simCount?: number
    /** Corral's logger, for tests that read what it logs. */
    logger?: Logger
    /** Shorter webhook timeouts and retry delays for the alert tests. */
    alertDelivery?: BuildOptions['alertDelivery']
  } = {},
): Promise<TestCorral> {
  const sims = await Promise.all(
    Array.from({ length: options.simCount ?? 1 }, () =>
      startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5, pullChunkIntervalMs: 2, ...options.sim }),
    ),
  )
  const testDatabase = await createTestDatabase()
  const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-test-'))
  const admin = { username: `admin-${randomBytes(3).toString('hex')}`, password: strongPassword() }
  const config: CorralConfig = {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    ollamaUrls: sims.map((sim) => sim.url),
    admin,
    secretKey: randomBytes(32),
    logLevel: 'silent',
    ...options.config,
  }
  const logger =
    options.logger ?? pino({ level: process.env.CORRAL_TEST_LOG ?? 'silent' }, pino.destination(2))
  const corral = await buildCorral(config, {
    database: testDatabase.database,
    logger,
    alertDelivery: options.alertDelivery,
  })
  const url = await corral.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    corral,
    sim: sims[0]!,
    testDatabase,
    admin,
    close: async () => {
      // Tests may leave responses unread; a test server does not wait for their clients.
      const closing = corral.app.close()
      corral.app.server.closeAllConnections()
      await closing
      await corral.close()
      await Promise.all(sims.map((sim) => sim.close()))
      await testDatabase.dispose()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
