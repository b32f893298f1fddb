// Compiles the server and CLI ahead of time: one ES module, `apps/corral/dist/corral.js`, with a source
// map, run by plain `node` (no TypeScript loader at run time). One bundled file also starts much faster
// than resolving and loading several hundred modules one by one.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
export const serverEntry = path.join(root, 'apps/corral/src/main.ts')
export const serverBundle = path.join(root, 'apps/corral/dist/corral.js')

/**
 * Packages left outside the bundle, loaded from node_modules at run time: PGlite finds its WebAssembly
 * and data files next to its own modules, argon2 and fs-native-extensions (the data-directory lock) are
 * native addons; the others are optional peers
 * that their users load inside try/catch and that Corral does not install.
 */
export const runtimePackages = ['@electric-sql/pglite', 'argon2', 'fs-native-extensions']
const optionalPeers = ['pg-native', 'bufferutil', 'utf-8-validate']

/**
 * Corral's sources find files next to themselves (`new URL('../migrations', import.meta.url)`, the web
 * apps' `dist/`, the root package.json). In the bundle, `import.meta.url` would be the bundle's own
 * address, so each source file gets its original address back, relative to wherever the bundle lies:
 * the release keeps the repository's layout for those files (migrations, `apps/*\/dist`, package.json).
 */
const sourceRelativeImportMetaUrl = {
  name: 'source-relative-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const source = await readFile(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' }
      const relative = path.relative(path.dirname(serverBundle), args.path).split(path.sep).join('/')
      const original = `new URL(${JSON.stringify(relative)}, import.meta.url).href`
      return { contents: source.replaceAll('import.meta.url', original), loader: 'ts' }
    })
  },
}

export async function buildServer() {
  return esbuild.build({
    entryPoints: [serverEntry],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    external: [...runtimePackages, ...optionalPeers],
    // Bundled CommonJS packages call require() for Node's built-ins, which an ES module lacks.
    banner: {
      js: "import { createRequire as __corralCreateRequire } from 'node:module'; const require = __corralCreateRequire(import.meta.url);",
    },
    plugins: [sourceRelativeImportMetaUrl],
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer()
