import { sql } from 'drizzle-orm'
import type { Db } from '../database.ts'
import { rowsOf } from '../query-rows.ts'
import type { CatalogTable } from './catalog-queries.ts'

export interface TableCopyOptions {
  /** The most rows one batch holds. */
  batchRows: number
  /** A batch whose values add up to more than this is followed by smaller ones. */
  batchBytes: number
  /** Called after each batch is written (progress, and tests that watch the batches). */
  onBatch?: (rows: number) => void
}

/** Rows as fetched: every value in its text form, or null. */
type TextRow = Record<string, string | null>

/**
 * Copies one table's rows from a transaction on the source to one on the target, through a cursor, a
 * batch at a time: a usage table of millions of rows never sits in memory. Every value travels in its
 * PostgreSQL text form and is cast back to the column's type by the target, which is exact for every
 * type (timestamps keep their microseconds, bigints every digit, jsonb stays jsonb, a JSON `null`
 * stays apart from SQL NULL); the callers fix DateStyle, TimeZone and float output on both sides.
 */
export async function copyTableRows(
  from: Db,
  to: Db,
  table: CatalogTable,
  options: TableCopyOptions,
): Promise<number> {
  const columns = table.columns.filter((column) => !column.generated)
  const alias = (index: number) => sql.identifier(`c${index}`)
  const qualified = sql`${sql.identifier(table.schema)}.${sql.identifier(table.table)}`
  const cursor = sql.identifier('corral_copy')
  const selected = columns.map(
    (column, index) => sql`${sql.identifier(column.name)}::text as ${alias(index)}`,
  )
  await from.execute(
    sql`declare ${cursor} no scroll cursor for select ${sql.join(selected, sql`, `)} from ${qualified}`,
  )
  const names = sql.join(
    columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  )
  const aliases = sql.join(
    columns.map((_, index) => alias(index)),
    sql`, `,
  )
  const casts = sql.join(
    columns.map((column, index) => sql`${alias(index)}::${sql.raw(column.type)}`),
    sql`, `,
  )
  let total = 0
  let count = Math.min(100, options.batchRows)
  for (;;) {
    const rows = await rowsOf<TextRow>(from, sql`fetch forward ${sql.raw(String(count))} from ${cursor}`)
    if (rows.length === 0) break
    // One array parameter per column, turned back into rows by unnest: a statement of fixed shape,
    // whatever the batch size (the usage repository writes its batches the same way).
    const arrays = columns.map(
      (_, index) => sql`${sql.param(rows.map((row) => row[`c${index}`] ?? null))}::text[]`,
    )
    await to.execute(
      sql`insert into ${qualified} (${names}) overriding system value
          select ${casts} from unnest(${sql.join(arrays, sql`, `)}) as r(${aliases})`,
    )
    total += rows.length
    options.onBatch?.(rows.length)
    count = nextBatchSize(count, batchBytes(rows), options)
  }
  await from.execute(sql`close ${cursor}`)
  return total
}

/** Starts small and doubles while batches stay small; shrinks after one that was too large (images). */
export function nextBatchSize(count: number, bytes: number, options: TableCopyOptions): number {
  if (bytes > options.batchBytes) return Math.max(1, Math.floor((count * options.batchBytes) / bytes))
  if (bytes * 2 <= options.batchBytes) return Math.min(options.batchRows, count * 2)
  return count
}

function batchBytes(rows: readonly TextRow[]): number {
  let bytes = 0
  for (const row of rows) for (const value of Object.values(row)) bytes += value?.length ?? 0
  return bytes
}
