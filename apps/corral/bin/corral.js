#!/usr/bin/env node
// Runs the compiled CLI and server: `npm run build` writes dist/corral.js from src/ (`npm run dev` runs
// the sources with reload instead). The source map ships beside it; it is not loaded by default because
// parsing it costs ~0.4 s and ~20 MB at every start: NODE_OPTIONS=--enable-source-maps turns it on.
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/corral.js', import.meta.url)
if (!existsSync(bundle)) {
  process.stderr.write('corral: the server is not built yet: run `npm run build` (npm start does it)\n')
  process.exit(1)
}
await import(bundle.href)
