import { sql } from 'drizzle-orm'
import type { Database, Db, ServiceMigrations } from '../database.ts'
import { migrationLockId } from '../migration-config.ts'
import { rowsOf } from '../query-rows.ts'
import { catalogTables, existingSchemas, tablesIn, type CatalogTable } from './catalog-queries.ts'
import { CopyRefusal } from './copy-refusal.ts'
import { journalName, replayMigrations, servicesInSource, type ServiceInSource } from './migration-replay.ts'
import { copyTableRows } from './table-copier.ts'
import { orderByReferences } from './table-order.ts'

export interface CopyDatabaseOptions {
  /** Every service this release has (its schema and migrations), in the order Corral migrates them. */
  services: readonly ServiceMigrations[]
  /** Replace the Corral data the target already holds (`--force`) instead of refusing. */
  replace?: boolean
  batchRows?: number
  batchBytes?: number
  /**
   * Runs in the source's snapshot before anything is written to the target, with the schemas found
   * there; throwing stops the copy (the command checks the instance secret here).
   */
  checkSource?: (from: Db, schemas: readonly string[]) => Promise<void>
  /** Called after each batch is written (inside the transaction: nothing is visible before the end). */
  onBatch?: (table: string, rows: number) => void
}

export interface CopiedTable {
  /** `schema.table` */
  name: string
  rows: number
}

export interface CopyReport {
  schemas: string[]
  tables: CopiedTable[]
  rows: number
  sequences: number
}

/** Arbitrary and fixed: held (per transaction) on both databases while a copy runs. */
const copyLockId = 7_260_002

/**
 * Copies every table of Corral's service schemas, their migration journals and their sequences from
 * `source` to `target`. The source is read in one read-only snapshot, so the copy is consistent even
 * if something writes there meanwhile; the target is written in one transaction, under the migration
 * lock, so it ends with all of it or none of it, and a Corral started on it meanwhile waits and then
 * finds its migrations already recorded.
 */
export async function copyDatabase(
  source: Database,
  target: Database,
  options: CopyDatabaseOptions,
): Promise<CopyReport> {
  return source.db.transaction(
    async (from) => {
      await useExactTextForms(from)
      if (!(await claim(from)))
        throw new CopyRefusal('source', 'another copy is reading it now', 'Wait for that copy to finish')
      const services = await servicesInSource(from, options.services)
      const schemas = services.map(({ service }) => service.schema)
      await options.checkSource?.(from, schemas)
      const tables = orderByReferences(
        await catalogTables(
          from,
          schemas,
          services.map(({ journal }) => journal),
        ),
      )
      return target.withAdvisoryLock(migrationLockId, (locked) =>
        locked.transaction(async (to) => {
          await useExactTextForms(to)
          // A Corral still running on the target holds its tables: fail with a message, not a hang.
          await to.execute(sql`set local lock_timeout = '10s'`)
          if (!(await claim(to)))
            throw new CopyRefusal(
              'target',
              'it is the source database (or another copy is writing it)',
              'Give an empty database of another name or server',
            )
          await makeRoom(to, options.services, options.replace ?? false)
          await replayMigrations(to, services)
          await expectSameTables(to, tables, services)
          const copied: CopiedTable[] = []
          for (const table of tables) {
            const rows = await copyTableRows(from, to, table, {
              batchRows: options.batchRows ?? 1000,
              batchBytes: options.batchBytes ?? 8 * 1024 * 1024,
              onBatch: (batch) => options.onBatch?.(table.name, batch),
            })
            await expectRowCount(to, table, rows)
            copied.push({ name: table.name, rows })
          }
          const sequences = await copySequences(from, to, tables)
          return {
            schemas,
            tables: copied,
            rows: copied.reduce((sum, table) => sum + table.rows, 0),
            sequences,
          }
        }),
      )
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

/**
 * Text forms that read back as the same value on any server: ISO dates, UTC, the shortest exact
 * float, hex bytea. Set per transaction, so the session's own settings do not matter.
 */
async function useExactTextForms(db: Db): Promise<void> {
  await db.execute(sql`set local datestyle = 'ISO, YMD'`)
  await db.execute(sql`set local intervalstyle = 'postgres'`)
  await db.execute(sql`set local timezone = 'UTC'`)
  await db.execute(sql`set local extra_float_digits = 1`)
  await db.execute(sql`set local bytea_output = 'hex'`)
}

/** Advisory locks are per database: taken on the source, the same lock fails on a target that is the source. */
async function claim(db: Db): Promise<boolean> {
  const [row] = await rowsOf<{ claimed: boolean }>(
    db,
    sql`select pg_try_advisory_xact_lock(${copyLockId}) as claimed`,
  )
  return row?.claimed === true
}

/**
 * A target where a Corral has run (any of the service schemas or journals exists) is refused, unless
 * the operator asked to replace it: then every service's schema and journal is dropped, in the same
 * transaction, so a failed copy leaves the old data in place.
 */
async function makeRoom(db: Db, services: readonly ServiceMigrations[], replace: boolean): Promise<void> {
  const schemas = await existingSchemas(
    db,
    services.map((service) => service.schema),
  )
  const journals: string[] = []
  for (const service of services) {
    const [schema, table] = journalName(service).split('.') as [string, string]
    if ((await tablesIn(db, schema)).includes(table)) journals.push(journalName(service))
  }
  if (schemas.length === 0 && journals.length === 0) return
  if (!replace)
    throw new CopyRefusal(
      'target',
      `it already holds Corral data (${[...schemas.map((name) => `schema ${name}`), ...journals].join(', ')})`,
      'Give an empty database, or add --force to replace that data with the copy',
    )
  for (const service of services) {
    const [schema, table] = journalName(service).split('.') as [string, string]
    await db.execute(sql`drop schema if exists ${sql.identifier(service.schema)} cascade`)
    await db.execute(sql`drop table if exists ${sql.identifier(schema)}.${sql.identifier(table)}`)
  }
}

/** The migrations must have rebuilt the source's tables, column for column and type for type. */
async function expectSameTables(
  db: Db,
  expected: readonly CatalogTable[],
  services: readonly ServiceInSource[],
): Promise<void> {
  const built = await catalogTables(
    db,
    services.map(({ service }) => service.schema),
    services.map(({ journal }) => journal),
  )
  const shape = (table: CatalogTable) =>
    `${table.name}(${table.columns.map((column) => `${column.name} ${column.type}`).join(', ')})`
  const want = new Set(expected.map(shape))
  const have = new Set(built.map(shape))
  const missing = [...want].filter((table) => !have.has(table))
  const extra = [...have].filter((table) => !want.has(table))
  if (missing.length > 0 || extra.length > 0)
    throw new CopyRefusal(
      'source',
      `its tables differ from what its migrations create (${[...missing.map((table) => `only in the source: ${table}`), ...extra.map((table) => `only in the migrations: ${table}`)].join('; ')})`,
      'Copy with the release of Corral that created it, and without tables changed by hand',
    )
}

async function expectRowCount(db: Db, table: CatalogTable, rows: number): Promise<void> {
  const [row] = await rowsOf<{ count: string }>(
    db,
    sql`select count(*)::text as count from ${sql.identifier(table.schema)}.${sql.identifier(table.table)}`,
  )
  if (Number(row?.count) !== rows)
    throw new Error(`${table.name}: ${rows} rows copied but ${row?.count} arrived`)
}

/** Each sequence continues where the source's stands, even past the highest id a row still has. */
async function copySequences(from: Db, to: Db, tables: readonly CatalogTable[]): Promise<number> {
  let count = 0
  for (const sequence of tables.flatMap((table) => table.sequences)) {
    const [state] = await rowsOf<{ last_value: string; is_called: boolean }>(
      from,
      sql`select last_value::text, is_called from ${sql.raw(sequence)}`,
    )
    if (!state) continue
    await to.execute(
      sql`select setval(${sequence}::text::regclass, ${state.last_value}::bigint, ${state.is_called})`,
    )
    count++
  }
  return count
}
