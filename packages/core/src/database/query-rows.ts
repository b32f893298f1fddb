import type { SQL } from 'drizzle-orm'
import type { Db } from './database.ts'

/**
 * The rows of a raw query, on either driver: both answer `{ rows }`, which Drizzle's common type
 * leaves unknown.
 */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query)
  return (result as { rows: T[] }).rows
}
