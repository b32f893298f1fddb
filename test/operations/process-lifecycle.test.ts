import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { startCorralProcess } from './corral-process.ts'

describe('corral start as a process', () => {
  let sim: OllamaSim
  let dataDir: string
  let testDatabase: TestDatabase
  let env: Record<string, string>
  const admin = { username: 'operator', password: strongPassword() }

  beforeAll(async () => {
    sim = await startOllamaSim({ tokenIntervalMs: 20, loadDelayMs: 5 })
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-process-'))
    testDatabase = await createTestDatabase()
    env = {
      CORRAL_DATA_DIR: dataDir,
      CORRAL_OLLAMA_URLS: sim.url,
      CORRAL_ADMIN_USERNAME: admin.username,
      CORRAL_ADMIN_PASSWORD: admin.password,
      CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      // The PostgreSQL project runs the child on its own fresh database; the PGlite one on the data dir.
      ...(testDatabase.url ? { CORRAL_DATABASE_URL: testDatabase.url } : {}),
    }
    // The child owns the database; this test only needs the name of the PostgreSQL one.
    if (!testDatabase.url) await testDatabase.dispose()
  })
  afterAll(async () => {
    await sim?.close()
    if (testDatabase?.url) await testDatabase.dispose()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('stops on a bad variable with a message naming it', async () => {
    await expect(startCorralProcess({ ...env, CORRAL_OLLAMA_SLOTS: 'many' })).rejects.toThrow(
      /configuration error: CORRAL_OLLAMA_SLOTS: expected an integer, got "many"/,
    )
  })

  it('lets running streams finish on SIGTERM and flushes usage', { timeout: 120_000 }, async () => {
    const corral = await startCorralProcess(env)
    expect(corral.output()).not.toContain(admin.password)
    const signedIn = await signIn(corral.url, admin.username, admin.password)
    const { key } = await createKey(signedIn.api)
    const response = await fetch(`${corral.url}/api/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', prompt: 'a long answer', options: { num_predict: 40 } }),
    })
    const reader = response.body!.getReader()
    await reader.read()
    corral.child.kill('SIGTERM')
    let text = ''
    for (let part = await reader.read(); !part.done; part = await reader.read())
      text += Buffer.from(part.value).toString()
    const lines = text.trim().split('\n')
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ done: true, eval_count: 40 })
    expect(await corral.exited).toBe(0)
    expect(corral.output()).toContain('"msg":"stopped"')
    expect(corral.output()).not.toContain(key)

    // The usage of the stream that finished during shutdown was written before exit.
    const again = await startCorralProcess(env)
    try {
      const admin2 = await signIn(again.url, admin.username, admin.password)
      const usage = await admin2.api.get<{ records: { endpoint: string; output_tokens: number }[] }>(
        '/corral/v1/admin/usage',
      )
      expect(usage.body.records).toEqual([
        expect.objectContaining({ endpoint: '/api/generate', output_tokens: 40 }),
      ])
    } finally {
      again.child.kill('SIGTERM')
      await again.exited
    }
  })
})
