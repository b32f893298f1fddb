// The gateway serves apps/web/dist, so the browser tests need the chat app built. Build it when it is
// missing; `npm test` at the root builds everything first anyway.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!existsSync(new URL('../apps/web/dist/index.html', import.meta.url))) {
  console.log('apps/web/dist is missing: building the chat app')
  const build = spawnSync('npm', ['run', 'build', '-w', '@corral/web'], { cwd: root, stdio: 'inherit' })
  process.exit(build.status ?? 1)
}
