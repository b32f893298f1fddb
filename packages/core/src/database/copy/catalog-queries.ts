import { sql } from 'drizzle-orm'
import type { Db } from '../database.ts'
import { rowsOf } from '../query-rows.ts'

/** A column as the catalog describes it; `type` is `format_type`'s spelling, usable in a cast. */
export interface CatalogColumn {
  name: string
  type: string
  /** Computed by PostgreSQL (`generated always as …`): never inserted. */
  generated: boolean
}

/** A table found in the catalog: its columns in order, what it references, the sequences it owns. */
export interface CatalogTable {
  schema: string
  table: string
  /** `schema.table`, unquoted: a key, not SQL. */
  name: string
  columns: CatalogColumn[]
  references: string[]
  /** Sequences behind serial and identity columns, already quoted as `pg_get_serial_sequence` gives them. */
  sequences: string[]
}

const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`

/**
 * Every ordinary table in `schemas`, plus the tables of `extra` (as `schema.table`), read from the
 * catalog rather than from a list in the code: a table a later migration adds is copied without
 * anyone remembering to add it here.
 */
export async function catalogTables(
  db: Db,
  schemas: readonly string[],
  extra: readonly string[] = [],
): Promise<CatalogTable[]> {
  const columns = await rowsOf<{
    schema: string
    table: string
    column: string
    type: string
    generated: boolean
    sequence: string | null
  }>(
    db,
    sql`select n.nspname as schema, c.relname as table, a.attname as column,
          format_type(a.atttypid, a.atttypmod) as type, a.attgenerated <> '' as generated,
          pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'p') and not c.relispartition
          and (n.nspname = any(${textArray(schemas)})
            or format('%s.%s', n.nspname, c.relname) = any(${textArray(extra)}))
        order by n.nspname, c.relname, a.attnum`,
  )
  const references = await rowsOf<{ from: string; to: string }>(
    db,
    sql`select format('%s.%s', n.nspname, c.relname) as from, format('%s.%s', rn.nspname, r.relname) as to
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_class r on r.oid = k.confrelid
        join pg_namespace rn on rn.oid = r.relnamespace
        where k.contype = 'f' and n.nspname = any(${textArray(schemas)})`,
  )
  const tables = new Map<string, CatalogTable>()
  for (const row of columns) {
    const name = `${row.schema}.${row.table}`
    let table = tables.get(name)
    if (!table) {
      table = { schema: row.schema, table: row.table, name, columns: [], references: [], sequences: [] }
      tables.set(name, table)
    }
    table.columns.push({ name: row.column, type: row.type, generated: row.generated })
    if (row.sequence) table.sequences.push(row.sequence)
  }
  for (const { from, to } of references) tables.get(from)?.references.push(to)
  return [...tables.values()]
}

/** Which of `schemas` exist. */
export async function existingSchemas(db: Db, schemas: readonly string[]): Promise<string[]> {
  const found = await rowsOf<{ name: string }>(
    db,
    sql`select nspname as name from pg_namespace where nspname = any(${textArray(schemas)}) order by 1`,
  )
  return found.map((row) => row.name)
}

/** The tables of one schema (journals: `drizzle`). */
export async function tablesIn(db: Db, schema: string): Promise<string[]> {
  const found = await rowsOf<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p') order by 1`,
  )
  return found.map((row) => row.name)
}
