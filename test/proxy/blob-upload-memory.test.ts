import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { startCorralProcess, type CorralProcess } from '../operations/corral-process.ts'
import { residentMib } from './raw-http.ts'

const mib = 1024 * 1024
/** 1 GiB: the blob is this block, repeated. */
const block = randomBytes(mib)
const blocks = 1024

/** Uploads like the Go CLI (chunked, no Content-Length), writing only as fast as Corral reads. */
function upload(url: string, key: string, digest: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/api/blobs/${digest}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    })
    request.on('response', (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('error', reject)
    let sent = 0
    const write = () => {
      while (sent < blocks) {
        sent++
        if (!request.write(block)) return void request.once('drain', write)
      }
      request.end()
    }
    write()
  })
}

describe('a blob upload to several backends, one of them slow', () => {
  let sims: OllamaSim[]
  let corral: CorralProcess
  let testDatabase: TestDatabase
  let dataDir: string
  let key: string

  beforeAll(async () => {
    // The second backend reads blobs at 32 MiB/s, a fraction of what the other can.
    sims = await Promise.all([
      startOllamaSim({ loadDelayMs: 5 }),
      startOllamaSim({ loadDelayMs: 5, blobBytesPerSecond: 32 * mib }),
    ])
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-blobs-'))
    testDatabase = await createTestDatabase()
    // The child owns the database; this test only needs the name of the PostgreSQL one.
    if (!testDatabase.url) await testDatabase.dispose()
    const admin = { username: 'operator', password: strongPassword() }
    corral = await startCorralProcess({
      CORRAL_DATA_DIR: dataDir,
      CORRAL_OLLAMA_URLS: sims.map((sim) => sim.url).join(','),
      CORRAL_ADMIN_USERNAME: admin.username,
      CORRAL_ADMIN_PASSWORD: admin.password,
      CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      ...(testDatabase.url ? { CORRAL_DATABASE_URL: testDatabase.url } : {}),
    })
    key = (await createKey((await signIn(corral.url, admin.username, admin.password)).api)).key
  }, 120_000)
  afterAll(async () => {
    corral?.child.kill('SIGTERM')
    await corral?.exited
    await Promise.all(sims.map((sim) => sim.close()))
    if (testDatabase?.url) await testDatabase.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it(
    'streams 1 GiB to both at the pace of the slower, within 64 MiB of Corral’s memory',
    { timeout: 300_000 },
    async () => {
      const hash = createHash('sha256')
      for (let i = 0; i < blocks; i++) hash.update(block)
      const digest = `sha256:${hash.digest('hex')}`
      const pid = corral.child.pid!
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const baseline = residentMib(pid)
      let peak = baseline
      const sampler = setInterval(() => (peak = Math.max(peak, residentMib(pid))), 50)
      try {
        expect(await upload(corral.url, key, digest)).toBe(201)
      } finally {
        clearInterval(sampler)
      }
      for (const sim of sims)
        expect((await fetch(`${sim.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200)
      expect(peak - baseline).toBeLessThan(64)
    },
  )
})
