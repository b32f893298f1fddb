import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig, openDatabase, vacuumEmbeddedDatabase } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../../../apps/corral/src/build-corral.ts'
import { percentile } from '../load/percentiles.ts'
import { prepareBenchDatabase } from '../stack/bench-database.ts'
import { adminQueries, type AdminQuery } from './queries.ts'
import { seed } from './seed.ts'

export interface QueryResult {
  query: AdminQuery
  p50: number
  p95: number
  rows: number
  /** As the panel shows it: “10000+” when the server stopped counting at its cap. */
  total: string
  targetMs: number
}

export interface ScaleRun {
  database: string
  users: number
  keys: number
  seedSeconds: number
  results: QueryResult[]
}

/**
 * Seeds a fresh database, starts Corral on it (in this process, with a simulator as its backend),
 * signs in as an admin and times each admin query with `inject`: the server's own time, from the
 * request entering Fastify to the last byte of the answer, without a network in between.
 */
export async function runAdminScale(options: {
  kind: 'postgres' | 'pglite'
  users: number
  keysPerUser: number
  rounds: number
}): Promise<ScaleRun> {
  const logger = pino({ level: 'silent' })
  const target = await prepareBenchDatabase(options.kind)
  const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-admin-scale-'))
  const sim = await startOllamaSim({})
  const database = await openDatabase({ url: target.url, dataDir, logger })
  const admin = { username: 'scale-admin', password: `Pw-${randomBytes(9).toString('base64url')}-wombat` }
  const config = {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    ollamaUrls: [sim.url],
    admin,
    secretKey: randomBytes(32),
    logLevel: 'silent' as const,
  }
  const corral = await buildCorral(config, { database, logger })
  try {
    console.log(
      `${target.label}: seeding ${options.users} users and ${options.users * options.keysPerUser} keys …`,
    )
    const seeded = await seed(database, options.users, options.keysPerUser)
    // A running Corral vacuums its embedded database hourly, as autovacuum does on a server.
    if (database.kind === 'pglite') await vacuumEmbeddedDatabase(database, logger)
    console.log(`  seeded in ${seeded.seconds.toFixed(0)} s`)
    const login = await corral.app.inject({ method: 'POST', url: '/corral/v1/auth/login', payload: admin })
    const token = login.json<{ access_token: string }>().access_token
    const queries = adminQueries(seeded)
    const ask = async (query: AdminQuery) => {
      const started = performance.now()
      const response = await corral.app.inject({
        method: 'GET',
        url: query.path,
        headers: { authorization: `Bearer ${token}` },
      })
      const elapsed = performance.now() - started
      if (response.statusCode !== 200)
        throw new Error(`${query.path}: ${response.statusCode} ${response.body}`)
      const body = response.json<{
        users?: unknown[]
        keys?: unknown[]
        total: number
        total_exact: boolean
      }>()
      const total = `${body.total}${body.total_exact ? '' : '+'}`
      return { elapsed, rows: (body.users ?? body.keys ?? []).length, total }
    }
    // Warm caches as a running server has them, then interleave the rounds: a burst of load from
    // elsewhere on the machine then touches every query alike instead of one query's whole series.
    for (let round = 0; round < 3; round++) for (const query of queries) await ask(query)
    const times = queries.map(() => [] as number[])
    const shapes = queries.map(() => ({ rows: 0, total: '' }))
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, query] of queries.entries()) {
        const { elapsed, rows, total } = await ask(query)
        times[index]!.push(elapsed)
        shapes[index] = { rows, total }
      }
    }
    const results: QueryResult[] = queries.map((query, index) => {
      const sorted = times[index]!.sort((a, b) => a - b)
      return {
        query,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        ...shapes[index]!,
        targetMs: query.firstPage ? 150 : 300,
      }
    })
    for (const result of results) {
      console.log(
        `  ${result.query.page.padEnd(8)} ${result.query.label.padEnd(34)} p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  ${result.rows} of ${result.total}`,
      )
    }
    return {
      database: target.label,
      users: options.users,
      keys: options.users * options.keysPerUser,
      seedSeconds: seeded.seconds,
      results,
    }
  } finally {
    await corral.app.close()
    await corral.close()
    await database.close()
    await sim.close()
    await target.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}
