import { randomBytes } from 'node:crypto'
import { access, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strongPassword } from '../support/test-corral.ts'
import { closedPort, runCorralCli, startCorralProcess, type CliResult } from './corral-process.ts'
import { prepareCopyFixture, withDatabase, type CopyFixture } from './db-copy-source.ts'
import { snapshotDatabase, type DatabaseSnapshot } from './db-copy-snapshot.ts'

/** A refusal: exit code 1 and exactly one line on stderr, nothing on stdout. */
function expectRefusal(result: CliResult): string {
  expect(result.stdout).toBe('')
  expect(result.code).toBe(1)
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0]!
}

const nothing: DatabaseSnapshot = { tables: {}, sequences: {} }

/** What `corral db copy` refuses, each time in one line and with nothing written anywhere. */
describe.runIf(process.env.CORRAL_TEST_DB === 'postgres')('corral db copy refuses', () => {
  let fixture: CopyFixture
  beforeAll(async () => {
    fixture = await prepareCopyFixture()
  }, 300_000)
  afterAll(() => fixture?.close())

  const copy = (to: string, env = fixture.source.env, ...flags: string[]) =>
    runCorralCli(['db', 'copy', '--to', to, ...flags], env)

  it(
    'to run beside a Corral that holds the data directory, naming its pid',
    { timeout: 300_000 },
    async () => {
      const target = await fixture.freshPostgres()
      const corral = await startCorralProcess(fixture.source.env)
      try {
        expect(expectRefusal(await copy(target.url))).toBe(
          `corral: CORRAL_DATA_DIR: ${fixture.source.dataDir} is in use by a running Corral (pid ${corral.child.pid}). ` +
            'Stop it first (systemctl stop corral, docker stop …): the copy needs the embedded database to itself',
        )
      } finally {
        await corral.stop()
      }
      expect(await snapshotDatabase(target.database)).toEqual(nothing)
    },
  )

  it('a target no PostgreSQL answers at, at once', { timeout: 120_000 }, async () => {
    const port = await closedPort()
    const result = await copy(`postgres://corral:${strongPassword()}@127.0.0.1:${port}/corral`)
    expect(expectRefusal(result)).toBe(
      `corral: --to: no PostgreSQL accepts connections at 127.0.0.1:${port}/corral (connection refused). ` +
        'Start PostgreSQL or correct the host and port',
    )
    expect(result.ms).toBeLessThan(20_000)
  })

  it('a secret that does not open the signing keys', { timeout: 120_000 }, async () => {
    const target = await fixture.freshPostgres()
    const line = expectRefusal(
      await copy(target.url, {
        ...fixture.source.env,
        CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      }),
    )
    expect(line).toBe(
      'corral: CORRAL_SECRET_KEY: it does not open the 1 JWT signing key(s) in the source. Run the copy with ' +
        'the secret the source Corral runs with (its CORRAL_SECRET_KEY or secret.key): the Corral on the target must use that same secret',
    )
    expect(await snapshotDatabase(target.database)).toEqual(nothing)
  })

  it('a target where a Corral has run, unless told to replace it', { timeout: 400_000 }, async () => {
    const target = await fixture.freshPostgres()
    const other = await startCorralProcess({
      CORRAL_DATABASE_URL: target.url,
      CORRAL_DATA_DIR: path.join(await mkdtemp(path.join(tmpdir(), 'corral-other-')), 'data'),
      CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      CORRAL_ADMIN_USERNAME: 'someone-else',
      CORRAL_ADMIN_PASSWORD: strongPassword(),
      CORRAL_OLLAMA_URLS: fixture.sim.url,
    })
    await other.stop()
    const theirs = await snapshotDatabase(target.database)

    expect(expectRefusal(await copy(target.url))).toBe(
      'corral: --to: it already holds Corral data (schema auth, schema proxy, schema users, drizzle.users_migrations, ' +
        'drizzle.auth_migrations, drizzle.proxy_migrations). Give an empty database, or add --force to replace that data with the copy',
    )
    expect(await snapshotDatabase(target.database)).toEqual(theirs)

    const replaced = await copy(target.url, fixture.source.env, '--force')
    expect(replaced.stderr).toBe('')
    expect(replaced.code).toBe(0)
    expect(await snapshotDatabase(target.database)).toEqual(fixture.before)
  })

  it('to leave anything behind when the copy fails halfway', { timeout: 300_000 }, async () => {
    const target = await fixture.freshPostgres()
    // Once the copy has created the usage table, every row after the 3000th fails, as a full disk would:
    // by then every other table and three batches of usage records have been written.
    await target.database.db.execute(
      sql.raw(`
      create function fail_insert() returns trigger language plpgsql as
        $$ begin raise exception 'no space left on device (simulated)'; end $$;
      create function sabotage_usage() returns event_trigger language plpgsql as $$
      begin
        if exists (select from pg_event_trigger_ddl_commands()
                   where command_tag = 'CREATE TABLE' and object_identity = 'users.usage_records') then
          create trigger sabotage before insert on users.usage_records
            for each row when (new.id > 3000) execute function fail_insert();
        end if;
      end $$;
      create event trigger sabotage_usage on ddl_command_end execute function sabotage_usage();`),
    )

    expect(expectRefusal(await copy(target.url))).toBe(
      'corral: the copy stopped and wrote nothing to the target: no space left on device (simulated)',
    )
    expect(await snapshotDatabase(target.database)).toEqual(nothing)
    expect(await withDatabase(fixture.source.dataDir, snapshotDatabase)).toEqual(fixture.before)
  })

  it(
    'a source that another release of Corral migrated, and a target database that does not exist',
    { timeout: 300_000 },
    async () => {
      const other = await fixture.freshPostgres()
      expect((await copy(other.url)).code).toBe(0)
      const fromOther = { ...fixture.source.env, CORRAL_DATABASE_URL: other.url }
      const target = await fixture.freshPostgres()

      await other.database.db.execute(sql`update drizzle.users_migrations set hash = 'f00d' || hash`)
      expect(expectRefusal(await copy(target.url, fromOther))).toMatch(
        /^corral: CORRAL_DATABASE_URL: its users schema was migrated by another release of Corral \(migration f00d[0-9a-f]{8}… is not one of this release's\)\. Run the copy with the release the source Corral runs/,
      )
      await other.database.db.execute(sql`update drizzle.users_migrations set hash = substr(hash, 5)`)
      await other.database.db.execute(sql`create table drizzle.billing_migrations (id serial primary key)`)
      expect(expectRefusal(await copy(target.url, fromOther))).toBe(
        'corral: CORRAL_DATABASE_URL: it holds data of services this release of Corral does not know ' +
          '(drizzle.billing_migrations). Run the copy with the Corral release that wrote it',
      )
      expect(await snapshotDatabase(target.database)).toEqual(nothing)

      const missing = target.url.replace(/\/[^/]+$/, '/corral_no_such_database')
      expect(expectRefusal(await copy(missing))).toBe(
        'corral: --to: the database of 127.0.0.1:5432/corral_no_such_database does not exist. ' +
          'Create it (createdb) or correct the database name at the end of the URL',
      )
    },
  )

  it(
    'a data directory without a database, and a target that is the source',
    { timeout: 120_000 },
    async () => {
      const missing = path.join(tmpdir(), `corral-no-such-dir-${randomBytes(4).toString('hex')}`)
      expect(
        expectRefusal(await copy('/tmp/anywhere', { ...fixture.source.env, CORRAL_DATA_DIR: missing })),
      ).toBe(
        `corral: CORRAL_DATA_DIR: ${missing} holds no embedded database. Set CORRAL_DATA_DIR to the data directory ` +
          'of the Corral to copy, or CORRAL_DATABASE_URL to its PostgreSQL',
      )
      await expect(access(missing)).rejects.toThrow('ENOENT')

      expect(expectRefusal(await copy(fixture.source.dataDir))).toBe(
        `corral: --to: ${fixture.source.dataDir} is the source's data directory. Give another directory`,
      )
      expect(expectRefusal(await copy('mysql://root@db/corral'))).toBe(
        'corral: --to: expected a postgres:// URL or a directory, not mysql://…. Give postgres://user:password@host:5432/database or a path',
      )

      const target = await fixture.freshPostgres()
      expect((await copy(target.url)).code).toBe(0)
      const onTarget = { ...fixture.source.env, CORRAL_DATABASE_URL: target.url }
      expect(expectRefusal(await copy(target.url, onTarget))).toBe(
        'corral: --to: it is the source database. Give another database',
      )
      // The same database under another spelling of its URL is caught by the database itself.
      const spelledOtherwise = `${target.url}?application_name=corral-copy`
      expect(expectRefusal(await copy(spelledOtherwise, onTarget, '--force'))).toBe(
        'corral: --to: it is the source database (or another copy is writing it). Give an empty database of another name or server',
      )
      expect(await snapshotDatabase(target.database)).toEqual(fixture.before)
    },
  )
})
