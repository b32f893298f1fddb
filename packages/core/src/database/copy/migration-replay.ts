import { sql } from 'drizzle-orm'
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator'
import type { Db, ServiceMigrations } from '../database.ts'
import { migrationConfig } from '../migration-config.ts'
import { rowsOf } from '../query-rows.ts'
import { tablesIn } from './catalog-queries.ts'
import { CopyRefusal } from './copy-refusal.ts'

/** One service as the source holds it: its journal and the migrations that journal says ran. */
export interface ServiceInSource {
  service: ServiceMigrations
  /** `drizzle.<schema>_migrations`, unquoted. */
  journal: string
  applied: MigrationMeta[]
}

const journalSchema = (service: ServiceMigrations) => migrationConfig(service).migrationsSchema!
const journalTable = (service: ServiceMigrations) => migrationConfig(service).migrationsTable!

/** `drizzle.users_migrations` and its kin: the tables a target must not have unless it is replaced. */
export const journalName = (service: ServiceMigrations) =>
  `${journalSchema(service)}.${journalTable(service)}`

/**
 * The services whose data the source holds, found by their migration journals, each with the
 * migrations it ran, matched to this release's migration files by hash. A journal this release does
 * not know, or a migration it does not have, means another release wrote the source: its schema
 * cannot be rebuilt from these files, so the copy is refused rather than guessed.
 */
export async function servicesInSource(
  db: Db,
  services: readonly ServiceMigrations[],
): Promise<ServiceInSource[]> {
  const journalSchemas = [...new Set(services.map(journalSchema))]
  const journals = new Set<string>()
  for (const schema of journalSchemas)
    for (const table of await tablesIn(db, schema)) journals.add(`${schema}.${table}`)
  const known = new Set(services.map(journalName))
  const unknown = [...journals].filter((name) => name.endsWith('_migrations') && !known.has(name))
  if (unknown.length > 0)
    throw new CopyRefusal(
      'source',
      `it holds data of services this release of Corral does not know (${unknown.join(', ')})`,
      'Run the copy with the Corral release that wrote it',
    )
  const found: ServiceInSource[] = []
  for (const service of services) {
    const journal = journalName(service)
    if (!journals.has(journal)) continue
    const ran = await rowsOf<{ hash: string; created_at: string | null }>(
      db,
      sql`select hash, created_at::text from ${sql.identifier(journalSchema(service))}.${sql.identifier(journalTable(service))} order by id`,
    )
    const files = readMigrationFiles(migrationConfig(service))
    const hashes = new Set(files.map((file) => file.hash))
    const foreign = ran.find((row) => !hashes.has(row.hash))
    if (foreign)
      throw new CopyRefusal(
        'source',
        `its ${service.schema} schema was migrated by another release of Corral (migration ${foreign.hash.slice(0, 12)}… is not one of this release's)`,
        'Run the copy with the release the source Corral runs, or start the source once with this release first',
      )
    // Drizzle's own rule: a migration ran when its timestamp is not after the newest journal entry.
    const last = Math.max(0, ...ran.map((row) => Number(row.created_at ?? 0)))
    found.push({ service, journal, applied: files.filter((file) => file.folderMillis <= last) })
  }
  if (found.length === 0)
    throw new CopyRefusal(
      'source',
      'it holds no Corral data (no migration journal)',
      'Point the copy at the database of the Corral to move',
    )
  return found
}

/**
 * Builds on the target exactly the schema the source has: the same migration files, run inside the
 * copy's transaction (Drizzle's migrator opens a transaction of its own, which would commit this
 * one), and empty journals of the shape Drizzle creates, filled afterwards with the source's rows.
 */
export async function replayMigrations(db: Db, found: readonly ServiceInSource[]): Promise<void> {
  for (const { service, applied } of found) {
    const schema = sql.identifier(journalSchema(service))
    await db.execute(sql`create schema if not exists ${schema}`)
    // The shape of drizzle-orm's pg-core dialect `migrate()`.
    await db.execute(
      sql`create table ${schema}.${sql.identifier(journalTable(service))} (id serial primary key, hash text not null, created_at bigint)`,
    )
    for (const migration of applied)
      for (const statement of migration.sql) await db.execute(sql.raw(statement))
  }
}
