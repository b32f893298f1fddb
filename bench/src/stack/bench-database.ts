import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface BenchDatabase {
  /** What the table header says Corral ran on. */
  label: string
  /** `postgres://…` for Corral, or undefined for the embedded PGlite. */
  url: string | undefined
  dispose(): Promise<void>
}

const defaultServer = 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * Corral's database for the run. A production install uses PostgreSQL, so the benchmark does too when a
 * server answers (`CORRAL_BENCH_DATABASE_URL`, else the local one), in a database of its own that is
 * dropped afterwards; `--database pglite` measures the embedded default instead. On PGlite, usage
 * writes run on Corral's own thread (WebAssembly) and show up in its latency tails.
 */
export async function prepareBenchDatabase(kind: 'auto' | 'postgres' | 'pglite'): Promise<BenchDatabase> {
  const embedded: BenchDatabase = { label: 'embedded PGlite', url: undefined, dispose: async () => undefined }
  if (kind === 'pglite') return embedded
  const server = process.env.CORRAL_BENCH_DATABASE_URL ?? defaultServer
  const name = `corral_bench_${randomBytes(4).toString('hex')}`
  try {
    await admin(server, `create database ${name}`)
  } catch (error) {
    if (kind === 'postgres') throw error
    console.log(
      `no PostgreSQL at ${server.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}); using the embedded PGlite`,
    )
    return embedded
  }
  const url = new URL(server)
  url.pathname = `/${name}`
  return {
    label: `PostgreSQL ${await admin(server, 'show server_version')} (${url.host})`,
    url: url.toString(),
    dispose: async () => {
      await admin(server, `drop database if exists ${name} with (force)`)
    },
  }
}

async function admin(server: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    const result = await client.query<Record<string, string>>(statement)
    return Object.values(result.rows[0] ?? {})[0] ?? ''
  } finally {
    await client.end()
  }
}
