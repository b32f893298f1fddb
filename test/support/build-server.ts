import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('../../scripts/build-server.mjs', import.meta.url))

/**
 * Vitest global setup: tests that start the real CLI (`apps/corral/bin/corral.js`) run the compiled
 * bundle, so it is rebuilt from the current sources before they run (esbuild, about a second).
 */
export default function setup(): void {
  execFileSync(process.execPath, [script], { stdio: 'inherit' })
}
