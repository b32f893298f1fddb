import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { pino } from 'pino'
import type { Database } from '../database/database.ts'
import { openDatabase } from '../database/open-database.ts'

export interface TestDatabase {
  database: Database
  /** The `postgres://` URL of the fresh database, or undefined for PGlite (in memory). */
  url: string | undefined
  dispose(): Promise<void>
}

/**
 * A fresh, empty database for one test file: in-memory PGlite, or a new database on the real server
 * when the test project says so (`CORRAL_TEST_DB=postgres`, see vitest.config.ts).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const logger = pino({ level: 'silent' })
  if (process.env.CORRAL_TEST_DB !== 'postgres') {
    const database = await openDatabase({ logger })
    return { database, url: undefined, dispose: () => database.close() }
  }
  const serverUrl = process.env.CORRAL_TEST_DATABASE_URL
  if (!serverUrl) throw new Error('CORRAL_TEST_DATABASE_URL is not set for the postgres test project')
  const name = `corral_test_${randomBytes(6).toString('hex')}`
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ url: url.toString(), logger })
  return {
    database,
    url: url.toString(),
    dispose: async () => {
      await database.close()
      await withAdminClient(serverUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      )
    },
  }
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
