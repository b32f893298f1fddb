import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig, openDatabase } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../../../apps/corral/src/build-corral.ts'
import { percentile } from '../load/percentiles.ts'
import { describeMachine, machineLine } from '../report/machine.ts'
import { prepareBenchDatabase } from '../stack/bench-database.ts'
import { seedUsage } from './seed-usage.ts'

/**
 * `npm run bench:dashboards -- --database postgres|pglite --records N --rounds N` — every dashboard
 * query over 30 days (and the shorter presets) on a scratch database with N usage records (default
 * 10 million), server time through `inject`, p50 and p95. Target: ≤ 500 ms p95 on PostgreSQL. The
 * database is created for the run and dropped after it (never the test database).
 */
const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : (args[index + 1] ?? fallback)
}
const kind = option('database', 'postgres') as 'postgres' | 'pglite'
const records = Number(option('records', '10000000'))
const rounds = Number(option('rounds', '20'))

const queries = [
  '/corral/v1/admin/stats?preset=30d',
  '/corral/v1/admin/stats?preset=30d&tz=Asia/Kolkata',
  '/corral/v1/admin/stats?preset=30d&bucket=1h',
  '/corral/v1/admin/stats/fairness?preset=30d',
  '/corral/v1/admin/stats/backends?preset=30d',
  '/corral/v1/admin/stats?preset=mtd',
  '/corral/v1/admin/stats?preset=7d',
  '/corral/v1/admin/stats?preset=24h',
  '/corral/v1/admin/stats?preset=1h',
]

const logger = pino({ level: 'silent' })
const target = await prepareBenchDatabase(kind)
const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-dashboards-'))
const sim = await startOllamaSim({})
const database = await openDatabase({ url: target.url, dataDir, logger })
const admin = { username: 'bench-admin', password: `Pw-${randomBytes(9).toString('base64url')}-wombat` }
let corral: Awaited<ReturnType<typeof buildCorral>> | undefined
try {
  const running = await buildCorral(
    {
      ...loadConfig({}),
      host: '127.0.0.1',
      port: 0,
      dataDir,
      ollamaUrls: [sim.url],
      admin,
      secretKey: randomBytes(32),
      logLevel: 'silent',
    },
    { database, logger },
  )
  corral = running
  console.log(`${target.label}: seeding ${records} usage records …`)
  const seedSeconds = await seedUsage(database, records)
  const backfillStarted = performance.now()
  if (!(await running.users.usage.backfillRollups())) throw new Error('the rollups were not built')
  const backfillSeconds = (performance.now() - backfillStarted) / 1000
  console.log(`  seeded in ${seedSeconds.toFixed(0)} s, rollups built in ${backfillSeconds.toFixed(0)} s`)
  const login = await running.app.inject({ method: 'POST', url: '/corral/v1/auth/login', payload: admin })
  const token = login.json<{ access_token: string }>().access_token
  const ask = async (url: string) => {
    const started = performance.now()
    const response = await running.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    })
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return { ms: performance.now() - started, bytes: response.body.length }
  }
  for (let round = 0; round < 3; round++) for (const url of queries) await ask(url)
  const times = queries.map(() => [] as number[])
  const sizes = queries.map(() => 0)
  for (let round = 0; round < rounds; round++) {
    for (const [index, url] of queries.entries()) {
      const { ms, bytes } = await ask(url)
      times[index]!.push(ms)
      sizes[index] = bytes
    }
  }
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')
  console.log(
    `\n- ${target.label}, ${records.toLocaleString('en')} usage records over 30 days; ${machineLine(describeMachine())}; load ${load}`,
  )
  console.log(
    `- seeding ${seedSeconds.toFixed(0)} s, rollup backfill ${backfillSeconds.toFixed(0)} s; ${rounds} rounds after 3 warm-up rounds\n`,
  )
  console.log('| query | p50 (ms) | p95 (ms) | answer |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [index, url] of queries.entries()) {
    const sorted = times[index]!.sort((a, b) => a - b)
    const p95 = percentile(sorted, 95)
    console.log(
      `| \`${url.replace('/corral/v1', '')}\` | ${percentile(sorted, 50).toFixed(1)} | ${p95.toFixed(1)}${p95 > 500 ? ' ✗' : ''} | ${(sizes[index]! / 1024).toFixed(1)} KiB |`,
    )
  }
} finally {
  await corral?.app.close()
  await corral?.close()
  await database.close()
  await sim.close()
  await target.dispose()
  await rm(dataDir, { recursive: true, force: true })
}
