import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, openDatabase, type Database } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { buildCorral, type Corral } from '../../apps/corral/src/build-corral.ts'
import { createKey, createUser, signIn, type SignedIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { CuttableProxy } from './support/cuttable-proxy.ts'

/**
 * The database goes away while Corral runs (a PostgreSQL restart, a network partition). Only a real
 * server can be cut off, so this runs in the PostgreSQL project.
 */
describe.runIf(process.env.CORRAL_TEST_DB === 'postgres')('a database outage', () => {
  let testDatabase: TestDatabase
  let proxy: CuttableProxy
  let database: Database
  let sim: OllamaSim
  let corral: Corral
  let url: string
  let dataDir: string
  let user: SignedIn
  const logLines: Record<string, unknown>[] = []

  beforeAll(async () => {
    testDatabase = await createTestDatabase()
    const direct = new URL(testDatabase.url!)
    proxy = await CuttableProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) })
    const viaProxy = new URL(direct)
    viaProxy.port = String(proxy.port)
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
            logLines.push(JSON.parse(line) as Record<string, unknown>)
          done()
        },
      }),
    )
    database = await openDatabase({ url: viaProxy.toString(), logger })
    sim = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5 })
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-outage-'))
    const admin = { username: `admin-${randomBytes(3).toString('hex')}`, password: strongPassword() }
    corral = await buildCorral(
      {
        ...loadConfig({}),
        host: '127.0.0.1',
        port: 0,
        dataDir,
        ollamaUrls: [sim.url],
        admin,
        secretKey: randomBytes(32),
      },
      { database, logger },
    )
    url = await corral.app.listen({ host: '127.0.0.1', port: 0 })
    user = await createUser((await signIn(url, admin.username, admin.password)).api)
  })
  afterAll(async () => {
    proxy?.restore()
    const closing = corral?.app.close()
    corral?.app.server.closeAllConnections()
    await closing
    await corral?.close()
    await database?.close()
    await proxy?.close()
    await sim?.close()
    await testDatabase?.dispose()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  const version = (key: string) =>
    fetch(`${url}/api/version`, { headers: { authorization: `Bearer ${key}` } })

  it('keeps serving known keys, answers 503 for the rest, and logs the outage once', async () => {
    const known = await createKey(user.api)
    const neverSeen = await createKey(user.api)
    expect((await version(known.key)).status).toBe(200)

    proxy.cut()
    try {
      const linesBefore = logLines.length
      expect((await version(known.key)).status).toBe(200)
      const refused = await version(neverSeen.key)
      expect(refused.status).toBe(503)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await refused.json()) as { error: string }).error).toMatch(/database/)
      for (let attempt = 0; attempt < 100; attempt++) expect((await version(neverSeen.key)).status).toBe(503)

      const during = logLines.slice(linesBefore)
      const failures = during.filter((line) => (line.level as number) >= 50)
      expect(failures.filter((line) => line.msg === 'request failed')).toHaveLength(0)
      expect(
        failures.filter((line) => String(line.msg).startsWith('cannot look up credentials')),
      ).toHaveLength(1)
      const lookupFailure = JSON.stringify(failures)
      expect(lookupFailure).not.toContain('    at ')
      // The statement and its parameters (the hash of the key) stay out of the log.
      expect(lookupFailure).not.toContain('select')
    } finally {
      proxy.restore()
    }
    await expect.poll(async () => (await version(neverSeen.key)).status, { timeout: 10_000 }).toBe(200)
  })
})
