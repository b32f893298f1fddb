import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { ApiClient, signIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { auditEntries } from '../accounts/accounts-helpers.ts'
import { runCorralCli, startCorralProcess, type CorralProcess } from './corral-process.ts'

/**
 * The embedded database has one writer: the process that holds the data directory's lock. These run
 * real `corral` processes on one data directory; with PostgreSQL there is nothing to lock.
 */
describe.runIf(process.env.CORRAL_TEST_DB !== 'postgres')('one writer on the embedded database', () => {
  let sim: OllamaSim
  let dataDir: string
  let env: Record<string, string>
  const running: CorralProcess[] = []
  const admin = { username: 'operator', password: strongPassword() }

  const start = async () => {
    const corral = await startCorralProcess(env)
    running.push(corral)
    return corral
  }

  beforeAll(async () => {
    sim = await startOllamaSim({ tokenIntervalMs: 1, loadDelayMs: 1 })
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'corral-one-writer-')), 'data')
    env = {
      CORRAL_DATA_DIR: dataDir,
      CORRAL_OLLAMA_URLS: sim.url,
      CORRAL_ADMIN_USERNAME: admin.username,
      CORRAL_ADMIN_PASSWORD: admin.password,
      CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
    }
  })
  afterAll(async () => {
    for (const corral of running) await corral.stop()
    await sim?.close()
    await rm(path.dirname(dataDir), { recursive: true, force: true })
  })

  it(
    'refuses a second server on the same data directory, naming the directory and the holder',
    { timeout: 400_000 },
    async () => {
      const first = await start()
      const second = startCorralProcess(env)
      await expect(second).rejects.toThrow(
        `corral: CORRAL_DATA_DIR: ${dataDir} is in use by another Corral process (pid ${first.child.pid})`,
      )
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
      await first.stop()
    },
  )

  it('starts again at once after a server was killed with -9', { timeout: 400_000 }, async () => {
    const killed = await start()
    killed.child.kill('SIGKILL')
    await killed.exited
    const next = await start()
    expect((await signIn(next.url, admin.username, admin.password)).username).toBe(admin.username)
    // The killed server's operator socket was left behind; the new one answers on its path.
    const listed = await runCorralCli(['user', 'list', '--json'], env)
    expect(listed.stderr).toBe('')
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 1, users: [{ username: admin.username }] })
    await next.stop()
  })

  it(
    'changes data through the running server: visible at once, audited, and still there after a restart',
    { timeout: 600_000 },
    async () => {
      let corral = await start()
      const password = strongPassword()
      const created = await runCorralCli(['user', 'create', 'eve', '--password', password, '--json'], env)
      expect(created.stderr).toBe('')
      expect(created.code).toBe(0)
      const eve = JSON.parse(created.stdout) as { id: string; username: string }
      expect(eve).toMatchObject({ username: 'eve', role: 'user' })
      console.info(`[pglite] CLI beside a running server: user create took ${created.ms.toFixed(0)} ms`)

      // At once: the server that took the change is the one that answers.
      expect((await signIn(corral.url, 'eve', password)).userId).toBe(eve.id)
      const key = await runCorralCli(['key', 'create', 'eve', '--name', 'script', '--json'], env)
      const secret = (JSON.parse(key.stdout) as { key: string }).key
      const anonymous = new ApiClient(corral.url)
      expect((await anonymous.withToken(secret).get('/api/tags')).status).toBe(200)
      expect((await runCorralCli(['user', 'disable', 'eve'], env)).stdout.trim()).toBe('disabled eve')
      expect((await anonymous.withToken(secret).get('/api/tags')).status).toBe(401)
      expect((await runCorralCli(['user', 'enable', 'eve'], env)).code).toBe(0)

      const operator = await signIn(corral.url, admin.username, admin.password)
      const [entry] = await auditEntries(operator.api, { action: 'user.create', target_id: eve.id })
      expect(entry).toMatchObject({ actor_user_id: null, actor_username: 'operator (cli)', ip: null })

      // After a restart: the change was written by the server, into the database it keeps.
      await corral.stop()
      corral = await start()
      expect((await signIn(corral.url, 'eve', password)).userId).toBe(eve.id)
      expect((await new ApiClient(corral.url, secret).get('/api/tags')).status).toBe(200)
      await corral.stop()

      // With no server, the command opens the data directory itself.
      const direct = await runCorralCli(['user', 'list', '--search', 'eve', '--json'], env)
      expect(JSON.parse(direct.stdout)).toMatchObject({ total: 1, users: [{ id: eve.id }] })
    },
  )
})
