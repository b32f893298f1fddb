import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Database } from './database.ts'

/** The first pass waits until start-up is over; later ones run hourly, like the auth service's purges. */
const firstPassDelayMs = 60_000
const intervalMs = 3_600_000

/**
 * What autovacuum does on a PostgreSQL server, which PGlite does not have: `VACUUM` sets the visibility
 * map, without which no count or sorted page can be an index-only scan, and `ANALYZE` keeps the
 * planner's statistics current as tables grow (docs/performance.md, "Admin lists at scale"). After the
 * first pass only pages changed since are read. The embedded database is one connection, so a pass
 * delays other queries while it runs: it runs off start-up and rarely.
 */
export async function vacuumEmbeddedDatabase(database: Database, logger: Logger): Promise<void> {
  const started = performance.now()
  try {
    await database.db.execute(sql`vacuum (analyze)`)
    logger.debug({ ms: Math.round(performance.now() - started) }, 'embedded database vacuumed and analysed')
  } catch (error) {
    logger.warn({ err: error }, 'vacuuming the embedded database failed; the next pass tries again')
  }
}

/** Schedules the passes on the embedded database (a PostgreSQL server has autovacuum); returns the stop. */
export function startEmbeddedMaintenance(database: Database, logger: Logger): () => Promise<void> {
  if (database.kind !== 'pglite') return () => Promise.resolve()
  let running: Promise<void> | undefined
  const pass = () => {
    running ??= vacuumEmbeddedDatabase(database, logger).finally(() => (running = undefined))
  }
  let interval: NodeJS.Timeout | undefined
  const first = setTimeout(() => {
    pass()
    interval = setInterval(pass, intervalMs).unref()
  }, firstPassDelayMs).unref()
  return async () => {
    clearTimeout(first)
    clearInterval(interval)
    await running
  }
}
