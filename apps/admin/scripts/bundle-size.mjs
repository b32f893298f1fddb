// Prints what the admin panel's first load and each page cost in JavaScript, gzipped: the entry chunk
// with everything it imports statically, then each lazy page with what it adds. Run after a build:
// `npm run build -w @corral/admin && node apps/admin/scripts/bundle-size.mjs`.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url)
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'))
const gzipped = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length

/** The chunk and everything it imports statically (what loads before it can run). */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const imported of manifest[key].imports ?? []) closure(imported, seen)
  return seen
}
const bytes = (keys) => [...keys].reduce((sum, key) => sum + gzipped(manifest[key].file), 0)
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
const initial = closure(entry)
console.log(`initial (shell, sign-in, router): ${kb(bytes(initial))} gzipped JS`)
for (const key of manifest[entry].dynamicImports ?? []) {
  const page = [...closure(key)].filter((chunk) => !initial.has(chunk))
  const name = key.replace(/^src\/app\/routes\//, '').replace(/-route\.tsx$/, '')
  console.log(
    `  ${name.padEnd(12)} +${kb(bytes(page)).padStart(9)}  first visit total ${kb(bytes(initial) + bytes(page))}`,
  )
}
