import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../apps/corral/src/build-corral.ts'
import {
  admin,
  corralPort,
  defaultResponseTokens,
  simPort,
  tokenIntervalMs,
} from './tests/support/test-server-config.ts'

/**
 * A Corral for the browser tests: its own Ollama simulator, a fresh embedded database in a temporary
 * directory, one slot (so a long answer makes the next request queue) and a known admin. Run with
 * `node --import tsx e2e/start-test-server.ts`; Playwright's `webServer` starts and stops it.
 */
// The gateway serves whichever apps are built when it starts (`node ensure-web-build.mjs` builds both).
for (const [app, workspace] of [
  ['web', '@corral/web'],
  ['admin', '@corral/admin'],
]) {
  if (!existsSync(new URL(`../apps/${app}/dist/index.html`, import.meta.url))) {
    console.error(`apps/${app}/dist is missing: run \`npm run build -w ${workspace}\` first`)
    process.exit(1)
  }
}

const sim = await startOllamaSim({
  port: simPort,
  tokenIntervalMs,
  loadDelayMs: 20,
  responseTokens: defaultResponseTokens,
})
const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-e2e-'))
const corral = await buildCorral({
  ...loadConfig({}),
  host: '127.0.0.1',
  port: corralPort,
  dataDir,
  ollamaUrls: [sim.url],
  ollamaSlots: 1,
  admin,
  secretKey: randomBytes(32),
  logLevel: 'warn',
})
const url = await corral.app.listen({ host: '127.0.0.1', port: corralPort })
console.log(`corral e2e server ready at ${url} (ollama-sim at ${sim.url})`)

let closing = false
async function shutdown() {
  if (closing) return
  closing = true
  await corral.app.close()
  await corral.close()
  await sim.close()
  await rm(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
