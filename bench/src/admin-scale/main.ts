import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { loadavg } from 'node:os'
import { describeMachine, machineLine } from '../report/machine.ts'
import { runAdminScale, type ScaleRun } from './run-admin-scale.ts'

/**
 * `npm run bench:admin-scale` — the admin panel's lists at scale: 100,000 users and 300,000 keys,
 * first pages ≤ 150 ms and every search, sort and filter ≤ 300 ms server time at p95, on PostgreSQL
 * and on the embedded PGlite. `--database postgres|pglite`, `--users N`, `--rounds N`, `--no-doc`.
 */
const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : (args[index + 1] ?? fallback)
}
const kinds =
  option('database', 'both') === 'both' ? (['postgres', 'pglite'] as const) : [option('database', '')]
const users = Number(option('users', '100000'))
const rounds = Number(option('rounds', '30'))

const runs: ScaleRun[] = []
for (const kind of kinds) {
  if (kind !== 'postgres' && kind !== 'pglite')
    throw new Error(`--database ${kind}: postgres, pglite or both`)
  runs.push(await runAdminScale({ kind, users, keysPerUser: 3, rounds }))
}

const failures = runs.flatMap((run) => run.results.filter((result) => result.p95 > result.targetMs))
console.log(
  failures.length === 0 ? 'every query within its target' : `${failures.length} queries over target`,
)

if (!args.includes('--no-doc') && users === 100_000) await writeDoc(runs)

async function writeDoc(all: ScaleRun[]): Promise<void> {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')
  const lines = [
    `- Machine: ${machineLine(describeMachine())}; load average (1/5/15 min) at the end: ${load}`,
    `- ${rounds} timed rounds after 3 warm-up rounds, one request at a time, the queries interleaved round by round, server time (Fastify \`inject\`)`,
    '',
    '| page | query | ' +
      all.map((run) => `${run.database} p50 / p95 (ms)`).join(' | ') +
      ' | target p95 | rows / total |',
    '| --- | --- | ' + all.map(() => '---:').join(' | ') + ' | ---: | --- |',
  ]
  for (const [index, result] of all[0]!.results.entries()) {
    const cells = all.map((run) => {
      const own = run.results[index]!
      const mark = own.p95 > own.targetMs ? ' ✗' : ''
      return `${own.p50.toFixed(1)} / ${own.p95.toFixed(1)}${mark}`
    })
    lines.push(
      `| ${result.query.page} | ${result.query.label} | ${cells.join(' | ')} | ${result.targetMs} | ${result.rows} / ${result.total} |`,
    )
  }
  lines.push('', all.map((run) => `Seeding ${run.database}: ${run.seedSeconds.toFixed(0)} s.`).join(' '))
  const docPath = fileURLToPath(new URL('../../../docs/performance.md', import.meta.url))
  const doc = await readFile(docPath, 'utf8')
  const begin = '<!-- admin-scale:results:begin -->'
  const end = '<!-- admin-scale:results:end -->'
  const start = doc.indexOf(begin)
  const stop = doc.indexOf(end)
  if (start === -1 || stop === -1) throw new Error('docs/performance.md has no admin-scale markers')
  await writeFile(
    docPath,
    `${doc.slice(0, start + begin.length)}\n\n${lines.join('\n')}\n\n${doc.slice(stop)}`,
  )
  console.log('docs/performance.md updated')
}
