// The gateway serves apps/web/dist (the chat app) and apps/admin/dist (the admin panel), so the browser
// tests need both built. Build whichever is missing; `npm test` at the root builds everything first
// anyway (scripts/build.mjs also rebuilds an app whose sources changed).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const apps = [
  { workspace: '@corral/web', dist: '../apps/web/dist/index.html', what: 'the chat app' },
  { workspace: '@corral/admin', dist: '../apps/admin/dist/index.html', what: 'the admin panel' },
]
for (const app of apps) {
  if (existsSync(new URL(app.dist, import.meta.url))) continue
  console.log(`${app.dist.slice(3, -11)} is missing: building ${app.what}`)
  const build = spawnSync('npm', ['run', 'build', '-w', app.workspace], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
