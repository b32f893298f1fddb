import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import type { Database, Db } from './database.ts'
import { migrationConfig } from './migration-config.ts'

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in `<dataDir>/pg`, or in memory for
 * tests (`dataDir` undefined). It is a single connection, so advisory locks are only for parity.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  // pg_trgm: the admin list's username search uses a trigram index (users migration 0004).
  const extensions = { pg_trgm }
  let client: PGlite
  if (dataDir === undefined) {
    client = await PGlite.create({ extensions })
  } else {
    const directory = path.join(dataDir, 'pg')
    await mkdir(directory, { recursive: true })
    client = await PGlite.create(directory, { extensions })
  }
  const drizzleDb = drizzle({ client })
  const db = drizzleDb as unknown as Db
  return {
    kind: 'pglite',
    db,
    migrate: async (services) => {
      for (const service of services) await migrate(drizzleDb, migrationConfig(service))
    },
    withAdvisoryLock: (_lockId, work) => work(db),
    listen: async (channel, handler) => {
      const unlisten = await client.listen(channel, handler)
      return () => unlisten()
    },
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`)
    },
    ping: async () => {
      await client.query('select 1')
    },
    close: () => client.close(),
  }
}
