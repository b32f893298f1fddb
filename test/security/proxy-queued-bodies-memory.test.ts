import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signIn, type SignedIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { startCorralProcess, type CorralProcess } from '../operations/corral-process.ts'
import { residentMib, sendChat } from '../proxy/raw-http.ts'

const mib = 1024 * 1024

/** The attack of the report, against a real Corral process: 30 prompts of 60 MB from one user. */
describe('queued request bodies and the memory of the process', () => {
  let sim: OllamaSim
  let corral: CorralProcess
  let testDatabase: TestDatabase
  let dataDir: string
  let admin: SignedIn
  let key: string

  beforeAll(async () => {
    sim = await startOllamaSim({ tokenIntervalMs: 20, loadDelayMs: 5 })
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-bodies-'))
    testDatabase = await createTestDatabase()
    // The child owns the database; this test only needs the name of the PostgreSQL one.
    if (!testDatabase.url) await testDatabase.dispose()
    const credentials = { username: 'operator', password: strongPassword() }
    corral = await startCorralProcess({
      CORRAL_DATA_DIR: dataDir,
      CORRAL_OLLAMA_URLS: sim.url,
      CORRAL_ADMIN_USERNAME: credentials.username,
      CORRAL_ADMIN_PASSWORD: credentials.password,
      CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      ...(testDatabase.url ? { CORRAL_DATABASE_URL: testDatabase.url } : {}),
    })
    admin = await signIn(corral.url, credentials.username, credentials.password)
    key = (await createKey(admin.api)).key
  }, 120_000)
  afterAll(async () => {
    corral?.child.kill('SIGTERM')
    await corral?.exited
    await sim?.close()
    if (testDatabase?.url) await testDatabase.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  const waiting = async () =>
    (await admin.api.get<{ waiting: unknown[] }>('/corral/v1/admin/queue')).body.waiting.length

  it(
    'holds a user to 256 MiB of waiting bodies and gives the memory back after the aborts',
    { timeout: 180_000 },
    async () => {
      const pid = corral.child.pid!
      const prompt = `{"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"${'x'.repeat(60 * mib)}"}]}`
      // The one slot is busy, so every prompt waits in the queue with its body.
      const blocker = sendChat(
        corral.url,
        key,
        JSON.stringify({
          model: 'llama3.2',
          messages: [{ role: 'user', content: 'x' }],
          options: { num_predict: 100_000 },
        }),
      )
      await expect.poll(waiting, { timeout: 20_000 }).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const baseline = residentMib(pid)
      let peak = baseline
      const sampler = setInterval(() => (peak = Math.max(peak, residentMib(pid))), 50)
      try {
        const queued = Array.from({ length: 4 }, () => sendChat(corral.url, key, prompt))
        await expect.poll(waiting, { timeout: 60_000 }).toBe(4)
        const refused = Array.from({ length: 26 }, () => sendChat(corral.url, key, prompt))
        expect(await Promise.all(refused.map((entry) => entry.status))).toEqual(Array(26).fill(429))
        // The waiting bodies (256 MiB at most), plus the garbage of parsing them (a string as large
        // as each body while it is read), which V8 collects in its own time.
        expect(peak - baseline).toBeLessThan(3 * 256)

        for (const entry of [...queued, ...refused, blocker]) entry.request.destroy()
        await expect.poll(waiting).toBe(0)
        await expect
          .poll(() => residentMib(pid) - baseline, { timeout: 20_000, interval: 500 })
          .toBeLessThan(64)
      } finally {
        clearInterval(sampler)
      }
    },
  )
})
