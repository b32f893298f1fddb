import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig, openDatabase } from '@corral/core'
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
  total: number
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
    console.log(`  seeded in ${seeded.seconds.toFixed(0)} s`)
    const login = await corral.app.inject({ method: 'POST', url: '/corral/v1/auth/login', payload: admin })
    const token = login.json<{ access_token: string }>().access_token
    const results: QueryResult[] = []
    for (const query of adminQueries(seeded)) {
      const times: number[] = []
      let rows = 0
      let total = 0
      for (let round = -3; round < options.rounds; round++) {
        const started = performance.now()
        const response = await corral.app.inject({
          method: 'GET',
          url: query.path,
          headers: { authorization: `Bearer ${token}` },
        })
        const elapsed = performance.now() - started
        if (response.statusCode !== 200)
          throw new Error(`${query.path}: ${response.statusCode} ${response.body}`)
        const body = response.json<{ users?: unknown[]; keys?: unknown[]; total: number }>()
        rows = (body.users ?? body.keys ?? []).length
        total = body.total
        if (round >= 0) times.push(elapsed)
      }
      times.sort((a, b) => a - b)
      const result = {
        query,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        rows,
        total,
        targetMs: query.firstPage ? 150 : 300,
      }
      results.push(result)
      console.log(
        `  ${query.page.padEnd(8)} ${query.label.padEnd(34)} p50 ${result.p50.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  ${rows} of ${total}`,
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
