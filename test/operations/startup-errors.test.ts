import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { closedPort, runCorralCli, startCorralProcess } from './corral-process.ts'

const onPostgres = process.env.CORRAL_TEST_DB === 'postgres'

/** Root may write anywhere, so permission failures are tested as `nobody` when the tests run as root. */
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
const unprivilegedUid = asNobody.uid ?? process.getuid?.()

describe('start-up errors name the variable and the fix', () => {
  let scratch: string
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'corral-startup-'))
    await chmod(scratch, 0o755)
  })
  afterAll(() => rm(scratch, { recursive: true, force: true }))

  it(
    'retries a PostgreSQL that refuses connections for CORRAL_DATABASE_CONNECT_TIMEOUT, then names CORRAL_DATABASE_URL',
    { timeout: 120_000 },
    async () => {
      const port = await closedPort()
      const env = {
        CORRAL_DATABASE_URL: `postgres://corral:hunter2@127.0.0.1:${port}/corral`,
        CORRAL_DATABASE_CONNECT_TIMEOUT: '2s',
        CORRAL_DATA_DIR: path.join(scratch, 'refused'),
      }
      const started = performance.now()
      const failure = await startCorralProcess(env).then(
        () => 'started',
        (error: Error) => error.message,
      )
      const elapsed = performance.now() - started
      expect(failure).toContain(
        `corral: CORRAL_DATABASE_URL: no PostgreSQL accepts connections at 127.0.0.1:${port}/corral (connection refused; waited 2 s). Start PostgreSQL or correct the host and port`,
      )
      expect(failure).toContain(
        `PostgreSQL at 127.0.0.1:${port}/corral does not answer yet (connect ECONNREFUSED 127.0.0.1:${port}); retrying for up to 2 s (CORRAL_DATABASE_CONNECT_TIMEOUT)`,
      )
      expect(failure).not.toContain('hunter2')
      expect(elapsed).toBeGreaterThan(2000)

      const cli = await runCorralCli(['user', 'list'], env)
      expect(cli.code).toBe(1)
      // One line while it waits, one line for the failure.
      expect(cli.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^corral: PostgreSQL at .* does not answer yet/),
        expect.stringMatching(/^corral: CORRAL_DATABASE_URL: no PostgreSQL accepts connections/),
      ])
      expect(cli.stderr).not.toContain('hunter2')
    },
  )

  it('names CORRAL_PORT when the port is taken', { timeout: 120_000 }, async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as { port: number }
    try {
      const failure = await startCorralProcess({
        CORRAL_PORT: String(port),
        CORRAL_DATA_DIR: path.join(scratch, 'port-taken'),
      }).then(
        () => 'started',
        (error: Error) => error.message,
      )
      expect(failure).toContain(
        `corral: CORRAL_PORT: 127.0.0.1:${port} is in use by another program. Stop that program, or set CORRAL_PORT`,
      )
    } finally {
      taken.close()
    }
  })

  it.runIf(!onPostgres)(
    'names CORRAL_DATA_DIR when the data directory cannot be created',
    { timeout: 120_000 },
    async () => {
      const parent = path.join(scratch, 'root-owned')
      await mkdir(parent, { mode: 0o755 })
      if (asNobody.uid === undefined) await chmod(parent, 0o555)
      const dataDir = path.join(parent, 'data')
      const failure = await startCorralProcess({ CORRAL_DATA_DIR: dataDir }, asNobody).then(
        () => 'started',
        (error: Error) => error.message,
      )
      expect(failure).toContain(
        `corral: CORRAL_DATA_DIR: ${dataDir} is not writable (permission denied). Give the user Corral runs as (uid ${unprivilegedUid}) write access to it`,
      )
      expect(failure).not.toMatch(/EACCES|at .*\.ts:\d+/)
    },
  )

  it.runIf(!onPostgres)(
    'names CORRAL_DATA_DIR when the embedded database directory is read-only',
    { timeout: 120_000 },
    async () => {
      const dataDir = path.join(scratch, 'read-only')
      await mkdir(path.join(dataDir, 'pg'), { recursive: true })
      if (asNobody.uid !== undefined) {
        await chown(dataDir, asNobody.uid, asNobody.gid)
        await chown(path.join(dataDir, 'pg'), asNobody.uid, asNobody.gid)
      }
      await chmod(path.join(dataDir, 'pg'), 0o555)
      const failure = await startCorralProcess({ CORRAL_DATA_DIR: dataDir }, asNobody).then(
        () => 'started',
        (error: Error) => error.message,
      )
      expect(failure).toContain(
        `corral: CORRAL_DATA_DIR: ${path.join(dataDir, 'pg')} is not writable (permission denied).`,
      )
      expect(failure).not.toContain('PGlite failed to initialize')
    },
  )
})

/** Compose starts Corral and PostgreSQL together; Corral waits for the database instead of exiting. */
describe.runIf(onPostgres)('waiting for PostgreSQL at start', () => {
  let testDatabase: TestDatabase
  let forwarder: Server | undefined
  beforeAll(async () => {
    testDatabase = await createTestDatabase()
  })
  afterAll(async () => {
    forwarder?.close()
    await testDatabase.dispose()
  })

  it(
    'comes up when PostgreSQL starts accepting connections a few seconds after Corral',
    { timeout: 120_000 },
    async () => {
      const real = new URL(testDatabase.url!)
      const port = await closedPort()
      const late = new URL(testDatabase.url!)
      late.port = String(port)
      // PostgreSQL "starts" once Corral has found it down: a TCP forwarder to the real server opens on
      // the port Corral uses when Corral says it is waiting.
      let opened: Promise<void> | undefined
      const openForwarder = () =>
        new Promise<void>((resolve) => {
          forwarder = createServer((client) => {
            const upstream = connect(Number(real.port || 5432), real.hostname)
            client.pipe(upstream).pipe(client)
            upstream.on('error', () => client.destroy())
            client.on('error', () => upstream.destroy())
          }).listen(port, '127.0.0.1', resolve)
        })
      const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-late-db-'))
      const corral = await startCorralProcess(
        {
          CORRAL_DATABASE_URL: late.toString(),
          CORRAL_DATABASE_CONNECT_TIMEOUT: '60s',
          CORRAL_DATA_DIR: dataDir,
          CORRAL_OLLAMA_URLS: 'http://127.0.0.1:9',
        },
        {
          onOutput: (output) => {
            if (!opened && output.includes('does not answer yet')) opened = openForwarder()
          },
        },
      )
      try {
        expect(opened).toBeDefined()
        expect(corral.output()).toMatch(/does not answer yet[\s\S]*Corral is listening/)
        expect((await fetch(`${corral.url}/healthz`)).status).toBe(200)
      } finally {
        await corral.stop()
        await rm(dataDir, { recursive: true, force: true })
      }
    },
  )
})
