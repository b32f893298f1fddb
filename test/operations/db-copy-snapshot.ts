import { sql, type SQL } from 'drizzle-orm'
import { rowsOf, type Database } from '@corral/core'

/** Every row of every table in a database, as PostgreSQL prints it, and where each sequence stands. */
export interface DatabaseSnapshot {
  /** `schema.table` → its rows as `row::text`, sorted. */
  tables: Record<string, string[]>
  /** `schema.sequence` → last value (null before the first). */
  sequences: Record<string, string | null>
}

/**
 * Reads a whole database, whatever tables it has (the test lists them from `pg_tables`, not from the
 * copier's own discovery): two snapshots are equal when every value of every type reads back the
 * same, microseconds, jsonb and bigints included. One time zone and date style on both sides, and
 * the rows sorted here, not by each server's collation.
 */
export async function snapshotDatabase(database: Database): Promise<DatabaseSnapshot> {
  return database.db.transaction(async (tx) => {
    const rows = <T>(query: SQL) => rowsOf<T>(tx, query)
    await tx.execute(sql`set local timezone = 'UTC'`)
    await tx.execute(sql`set local datestyle = 'ISO, YMD'`)
    const tables: Record<string, string[]> = {}
    const names = await rows<{ schema: string; table: string }>(
      sql`select schemaname as schema, tablename as table from pg_tables
          where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
    )
    for (const { schema, table } of names) {
      const found = await rows<{ row: string }>(
        sql`select t::text as row from ${sql.identifier(schema)}.${sql.identifier(table)} t`,
      )
      tables[`${schema}.${table}`] = found.map(({ row }) => row).sort()
    }
    const sequences: Record<string, string | null> = {}
    for (const { name, last } of await rows<{ name: string; last: string | null }>(
      sql`select schemaname || '.' || sequencename as name, last_value::text as last from pg_sequences`,
    ))
      sequences[name] = last
    return { tables, sequences }
  })
}

/** Row counts per table, for messages that stay readable when a snapshot differs. */
export function rowCounts(snapshot: DatabaseSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot.tables).map(([name, rows]) => [name, rows.length]))
}
