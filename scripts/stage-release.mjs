// Assembles a self-contained release of the built server in one directory (the container image copies
// it; it also works as a tarball for a bare-Node install): `node scripts/stage-release.mjs <dir>`, after
// `npm run build`. It holds only what runs: the bundle, the files the sources find next to themselves
// (migrations, the web apps, package.json for the version) and the few packages kept out of the bundle
// with their own production dependencies, nothing else from node_modules.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runtimePackages, serverBundle } from './build-server.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const target = path.resolve(process.argv[2] ?? '')
if (!process.argv[2]) throw new Error('usage: node scripts/stage-release.mjs <directory>')
if (!existsSync(serverBundle)) throw new Error('the server is not built: run `npm run build` first')

const copy = (relative) => {
  if (!existsSync(path.join(root, relative))) return
  mkdirSync(path.dirname(path.join(target, relative)), { recursive: true })
  cpSync(path.join(root, relative), path.join(target, relative), { recursive: true, dereference: true })
}

// package.json: the version, and `"type": "module"` for the bundle; no scripts or workspaces.
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
mkdirSync(target, { recursive: true })
const { name, version, description, license, type, engines } = pkg
const manifest = { name, version, description, license, private: true, type, engines }
writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)

copy('apps/corral/bin/corral.js')
copy('apps/corral/dist')
for (const service of readdirSync(path.join(root, 'services'))) copy(`services/${service}/migrations`)
for (const app of readdirSync(path.join(root, 'apps'))) if (app !== 'corral') copy(`apps/${app}/dist`)

/** Node's lookup: the package's own nested node_modules first, then each parent's. */
function resolvePackage(name, fromDirectory) {
  for (let dir = fromDirectory; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(candidate, 'package.json'))) return candidate
    if (dir === root || dir === path.dirname(dir)) return undefined
  }
}

const copied = new Set()
function copyWithDependencies(name, fromDirectory, optional) {
  const directory = resolvePackage(name, fromDirectory)
  if (directory === undefined) {
    if (optional) return
    throw new Error(`${name} is not installed (run npm ci)`)
  }
  if (copied.has(directory)) return
  copied.add(directory)
  copy(path.relative(root, directory))
  const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'))
  for (const dependency of Object.keys(manifest.dependencies ?? {}))
    copyWithDependencies(dependency, directory, false)
  for (const dependency of Object.keys(manifest.optionalDependencies ?? {}))
    copyWithDependencies(dependency, directory, true)
}
for (const name of runtimePackages) copyWithDependencies(name, root, false)
console.log(`staged the release in ${target} (${copied.size} packages from node_modules)`)
