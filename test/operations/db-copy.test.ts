import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type SQL } from 'drizzle-orm'
import { Ollama } from 'ollama'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UsageReport } from '@corral/contracts'
import { rowsOf } from '@corral/core'
import { ApiClient, signIn } from '../support/api-client.ts'
import { auditEntries } from '../accounts/accounts-helpers.ts'
import { runCorralCli, startCorralProcess } from './corral-process.ts'
import {
  bulkUsageRows,
  prepareCopyFixture,
  seedEmbeddedSource,
  withDatabase,
  type CopyFixture,
} from './db-copy-source.ts'
import { rowCounts, snapshotDatabase } from './db-copy-snapshot.ts'

interface CopyJson {
  source: string
  target: string
  tables: { name: string; rows: number }[]
  rows: number
  sequences: number
  seconds: number
  secret: { origin: string; signing_keys: number; key_file: string | null }
  next: string
}

/**
 * `corral db copy` between the embedded database and the real PostgreSQL server, each direction, with
 * a source filled through a real Corral and a fresh PostgreSQL database per test. It needs both
 * databases, so it runs in the postgres project only.
 */
describe.runIf(process.env.CORRAL_TEST_DB === 'postgres')('corral db copy', () => {
  let fixture: CopyFixture
  let scratch: string
  beforeAll(async () => {
    fixture = await prepareCopyFixture()
    scratch = await mkdtemp(path.join(tmpdir(), 'corral-db-copy-targets-'))
  }, 300_000)
  afterAll(async () => {
    await fixture?.close()
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  /** A Corral on the copy, with the source's secret and a data directory of its own. */
  const startOnCopy = async (env: Record<string, string>) =>
    startCorralProcess({
      CORRAL_DATA_DIR: await mkdtemp(path.join(scratch, 'server-')),
      CORRAL_OLLAMA_URLS: fixture.sim.url,
      ...env,
    })

  it(
    'copies every table of the embedded database into an empty PostgreSQL database, every value exact',
    { timeout: 300_000 },
    async () => {
      const target = await fixture.freshPostgres()
      const copied = await runCorralCli(['db', 'copy', '--to', target.url, '--json'], fixture.source.env)
      expect(copied.stderr).toBe('')
      expect(copied.code).toBe(0)
      const report = JSON.parse(copied.stdout) as CopyJson

      // The seed filled every table, so a table left behind would show.
      expect(Object.entries(rowCounts(fixture.before)).filter(([, rows]) => rows === 0)).toEqual([])
      expect(Object.keys(fixture.before.tables)).toEqual(
        expect.arrayContaining(['users.usage_records', 'auth.signing_keys', 'proxy.backends']),
      )
      const after = await snapshotDatabase(target.database)
      expect(rowCounts(after)).toEqual(rowCounts(fixture.before))
      expect(after).toEqual(fixture.before)
      expect(Object.fromEntries(report.tables.map((table) => [table.name, table.rows]))).toEqual(
        rowCounts(fixture.before),
      )
      expect(report).toMatchObject({
        source: `the embedded database in ${fixture.source.dataDir}`,
        target: expect.stringMatching(/^PostgreSQL at 127\.0\.0\.1:5432\/corral_test_/) as string,
        secret: { origin: 'CORRAL_SECRET_KEY', signing_keys: 1, key_file: null },
      })
      console.info(
        `[db copy] embedded → PostgreSQL: ${report.tables.length} tables, ${report.rows} rows in ${report.seconds} s (${copied.ms.toFixed(0)} ms with the CLI's start)`,
      )

      // The values a careless copy changes, read back from the target itself.
      const value = (query: SQL) => rowsOf(target.database.db, query)
      expect(
        await value(
          sql`select monthly_token_quota::text as quota from users.groups where name = 'researchers'`,
        ),
      ).toEqual([{ quota: '9007199254740993' }])
      expect(
        await value(sql`select (details is null) as sql_null, details::text as json,
          to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at
          from users.audit_log where action in ('test.json-null', 'test.sql-null') order by action`),
      ).toEqual([
        { sql_null: false, json: 'null', at: '2025-01-02 03:04:05.123456' },
        { sql_null: true, json: null, at: '1999-12-31 23:59:59.999999' },
      ])
    },
  )

  it(
    'gives a Corral started on the copy with the same secret the same sessions, keys, usage and audit, without migrating again',
    { timeout: 400_000 },
    async () => {
      const target = await fixture.freshPostgres()
      const copied = await runCorralCli(['db', 'copy', '--to', target.url], fixture.source.env)
      expect(copied.code).toBe(0)
      expect(copied.stdout).toContain(
        'next: start Corral with CORRAL_DATABASE_URL set to the target and the same CORRAL_SECRET_KEY',
      )
      const corral = await startOnCopy({
        CORRAL_DATABASE_URL: target.url,
        CORRAL_SECRET_KEY: fixture.source.env.CORRAL_SECRET_KEY!,
      })
      try {
        // Signed by the source: it verifies only because the signing keys opened with the same secret.
        const me = await new ApiClient(corral.url, fixture.source.accessToken).get<{ id: string }>(
          '/corral/v1/me',
        )
        expect(me).toMatchObject({ status: 200, body: { id: fixture.source.user.id } })
        const refreshed = await new ApiClient(corral.url).post('/corral/v1/auth/refresh', {
          refresh_token: fixture.source.user.refreshToken,
        })
        expect(refreshed.status).toBe(200)
        expect(
          (await signIn(corral.url, fixture.source.user.username, fixture.source.user.password)).userId,
        ).toBe(fixture.source.user.id)
        const ollama = new Ollama({
          host: corral.url,
          headers: { Authorization: `Bearer ${fixture.source.user.key}` },
        })
        const answer = await ollama.chat({
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'Still there?' }],
        })
        expect(answer.done).toBe(true)

        const admin = await signIn(corral.url, fixture.source.admin.username, fixture.source.admin.password)
        const usage = await admin.api.get<UsageReport>(
          `/corral/v1/admin/usage?user_id=${fixture.source.user.id}&limit=1`,
        )
        expect(usage.body.totals.requests).toBeGreaterThanOrEqual(bulkUsageRows + 2)
        expect(
          await auditEntries(admin.api, { action: 'user.create', target_id: fixture.source.user.id }),
        ).toHaveLength(1)
        expect(await auditEntries(admin.api, { action: 'test.json-null' })).toMatchObject([
          { details: null, at: '2025-01-02T03:04:05.123Z' },
        ])
        // New rows continue after the source's sequence, never reusing an id the source handed out.
        const logins = await auditEntries(admin.api, { action: 'auth.login' })
        const sequenceAtCopy = Number(fixture.before.sequences['users.audit_log_id_seq'])
        expect(Math.max(...logins.map((entry) => entry.id))).toBeGreaterThan(sequenceAtCopy)

        // Its start found every migration recorded: the journals are the source's, row for row.
        const now = await snapshotDatabase(target.database)
        const journals = Object.keys(fixture.before.tables).filter((name) => name.startsWith('drizzle.'))
        expect(journals).toHaveLength(3)
        for (const journal of journals) expect(now.tables[journal]).toEqual(fixture.before.tables[journal])
      } finally {
        await corral.stop()
      }
    },
  )

  it(
    'moves a PostgreSQL database to another and back into an embedded one, which a Corral then runs on',
    { timeout: 600_000 },
    async () => {
      const first = await fixture.freshPostgres()
      expect((await runCorralCli(['db', 'copy', '--to', first.url], fixture.source.env)).code).toBe(0)
      const fromPostgres = { ...fixture.source.env, CORRAL_DATABASE_URL: first.url }

      const second = await fixture.freshPostgres()
      const between = await runCorralCli(['db', 'copy', '--to', second.url], fromPostgres)
      expect(between.stderr).toBe('')
      expect(between.code).toBe(0)
      expect(await snapshotDatabase(second.database)).toEqual(fixture.before)

      const dataDir = path.join(scratch, 'back', 'data')
      const back = await runCorralCli(['db', 'copy', '--to', dataDir, '--json'], fromPostgres)
      expect(back.stderr).toBe('')
      expect(back.code).toBe(0)
      expect(JSON.parse(back.stdout)).toMatchObject({
        source: expect.stringMatching(/^PostgreSQL at 127\.0\.0\.1:5432\/corral_test_/) as string,
        target: `the embedded database in ${dataDir}`,
      })
      expect(await withDatabase(dataDir, snapshotDatabase)).toEqual(fixture.before)

      const corral = await startCorralProcess({
        CORRAL_DATA_DIR: dataDir,
        CORRAL_SECRET_KEY: fixture.source.env.CORRAL_SECRET_KEY!,
        CORRAL_OLLAMA_URLS: fixture.sim.url,
      })
      try {
        expect(
          (await new ApiClient(corral.url, fixture.source.accessToken).get('/corral/v1/me')).status,
        ).toBe(200)
        expect(
          (await signIn(corral.url, fixture.source.user.username, fixture.source.user.password)).userId,
        ).toBe(fixture.source.user.id)
        expect((await new ApiClient(corral.url, fixture.source.user.key).get('/api/tags')).status).toBe(200)
      } finally {
        await corral.stop()
      }
    },
  )

  it(
    'brings a secret.key along into a new data directory, and says where the secret is for PostgreSQL',
    { timeout: 600_000 },
    async () => {
      const keyed = await seedEmbeddedSource(fixture.sim.url, { secretFromFile: true })
      try {
        const target = await fixture.freshPostgres()
        const toPostgres = await runCorralCli(['db', 'copy', '--to', target.url], keyed.env)
        expect(toPostgres.code).toBe(0)
        expect(toPostgres.stdout).toContain(
          `(the 1 JWT signing key(s) copied are encrypted with ${keyed.dataDir}/secret.key): keep this CORRAL_DATA_DIR, or set CORRAL_SECRET_KEY to the contents of that file`,
        )

        const dataDir = path.join(scratch, 'keyed', 'data')
        const copied = await runCorralCli(['db', 'copy', '--to', dataDir, '--json'], keyed.env)
        expect(copied.stderr).toBe('')
        expect(copied.code).toBe(0)
        expect((JSON.parse(copied.stdout) as CopyJson).secret).toEqual({
          origin: path.join(keyed.dataDir, 'secret.key'),
          signing_keys: 1,
          key_file: path.join(dataDir, 'secret.key'),
        })
        expect(await readFile(path.join(dataDir, 'secret.key'), 'utf8')).toBe(
          await readFile(path.join(keyed.dataDir, 'secret.key'), 'utf8'),
        )
        expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600)

        // Nothing but the data directory: the copied key file opens the copied signing keys.
        const corral = await startCorralProcess({
          CORRAL_DATA_DIR: dataDir,
          CORRAL_OLLAMA_URLS: fixture.sim.url,
        })
        try {
          expect((await new ApiClient(corral.url, keyed.accessToken).get('/corral/v1/me')).status).toBe(200)
        } finally {
          await corral.stop()
        }
      } finally {
        await rm(path.dirname(keyed.dataDir), { recursive: true, force: true })
      }
    },
  )
})
