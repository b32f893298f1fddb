// Builds the server (scripts/build-server.mjs: one bundled ES module, under a second) and the web apps.
// A web app is rebuilt only when one of its files is newer than its last build, so `npm start` stays quick.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { buildServer } from './build-server.mjs'

const apps = ['apps/web', 'apps/admin']
// What the web apps import from outside their own folders: a change there rebuilds them too.
const sharedSources = ['packages/contracts/src', 'packages/web-kit/src', 'packages/core/src/net']
const force = process.argv.includes('--force')

await buildServer()

function newestSource(directory) {
  let newest = 0
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const full = path.join(directory, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }
  return newest
}

for (const app of apps) {
  if (!existsSync(path.join(app, 'package.json'))) continue
  const built = path.join(app, 'dist', 'index.html')
  const upToDate =
    existsSync(built) &&
    statSync(built).mtimeMs >= Math.max(newestSource(app), ...sharedSources.map(newestSource))
  if (upToDate && !force) continue
  console.log(`building ${app}`)
  execFileSync('npm', ['run', 'build', '--silent', '-w', app], { stdio: 'inherit' })
}
