import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf, type Database } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { corralMigrations } from '../../apps/corral/src/corral-migrations.ts'
import { runCorralCli } from './corral-process.ts'
import { withDatabase } from './db-copy-source.ts'

/**
 * Rows of 4 KiB each: some 205 MB of text, more than twice the heap the copy may use. The command's
 * own live heap is ~45 MB (its modules ~38 MB, a batch the rest), whatever the table's size.
 */
const usageRows = 50_000
const rowKiB = 4
const heapLimitMb = 96

/**
 * The copy streams: a usage table larger than the command's whole JavaScript heap goes through.
 * Fetching the table at once instead dies with "JavaScript heap out of memory" under this limit
 * (checked by hand against a copier that fetched everything in one batch).
 */
describe.runIf(process.env.CORRAL_TEST_DB === 'postgres')('corral db copy of a large usage table', () => {
  let dataDir: string
  let target: TestDatabase

  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'corral-db-copy-large-')), 'data')
    await withDatabase(dataDir, async (database) => {
      await database.migrate(corralMigrations)
      await database.db.execute(sql`insert into users.usage_records (request_id, user_id, model, endpoint,
          source, status, prompt_tokens, output_tokens, queue_wait_ms, duration_ms, priority, error, finished_at)
        select 'bulk-' || i, gen_random_uuid(), 'llama3.2', '/api/chat', 'api', 200, i, i, 1, 2, 5,
          repeat(md5(i::text), ${rowKiB * 32}), '2025-06-01 00:00:00+00'::timestamptz + i * interval '1.000001 second'
        from generate_series(1, ${usageRows}) as i`)
    })
    target = await createTestDatabase()
  }, 300_000)
  afterAll(async () => {
    await target?.dispose()
    if (dataDir) await rm(path.dirname(dataDir), { recursive: true, force: true })
  })

  it(
    `copies ${usageRows} usage records of ${rowKiB} KiB with a ${heapLimitMb} MB heap`,
    { timeout: 600_000 },
    async () => {
      const copied = await runCorralCli(['db', 'copy', '--to', target.url!, '--json'], {
        CORRAL_DATA_DIR: dataDir,
        CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
        NODE_OPTIONS: `--max-old-space-size=${heapLimitMb}`,
      })
      expect(copied.stderr).toBe('')
      expect(copied.code).toBe(0)
      const report = JSON.parse(copied.stdout) as {
        tables: { name: string; rows: number }[]
        seconds: number
      }
      expect(report.tables).toContainEqual({ name: 'users.usage_records', rows: usageRows })
      const rows = (database: Database) =>
        rowsOf(
          database.db,
          sql`select count(*)::int as count, sum(length(error))::bigint::text as text, max(id)::int as last
            from users.usage_records`,
        )
      const expected = await withDatabase(dataDir, rows)
      expect(await rows(target.database)).toEqual(expected)
      expect(expected).toEqual([
        { count: usageRows, text: String(usageRows * rowKiB * 1024), last: usageRows },
      ])
      console.info(
        `[db copy] ${usageRows} usage records (~${Math.round((usageRows * rowKiB * 1.05) / 1000)} MB) in ${report.seconds} s: ` +
          `${Math.round(usageRows / report.seconds)} rows/s with a ${heapLimitMb} MB heap`,
      )
    },
  )
})
