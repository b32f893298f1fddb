import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, signIn } from '../support/api-client.ts'

const cli = fileURLToPath(new URL('../../apps/corral/bin/corral.js', import.meta.url))

interface DemoRun {
  url: string
  username: string
  password: string
  apiKey: string
  stop: () => Promise<unknown>
}

/** `corral demo` as a new user runs it; resolves with what it printed once it has printed it. */
async function runDemo(dataDir: string): Promise<DemoRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CORRAL_')),
  )
  const child = spawn(process.execPath, [cli, 'demo'], {
    env: {
      ...inherited,
      CORRAL_DATA_DIR: dataDir,
      CORRAL_HOST: '127.0.0.1',
      CORRAL_PORT: '0',
      CORRAL_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = once(child, 'exit')
  let output = ''
  child.stderr.on('data', (data: Buffer) => (output += data.toString()))
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no credentials:\n${output}`)), 150_000)
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString()
      if (/API key: .*\n[\s\S]*try:/.test(output) || /already has users/.test(output)) {
        clearTimeout(timer)
        resolve(output)
      }
    })
    void exited.then(() => reject(new Error(`the demo exited:\n${output}`)))
  })
  const stop = () => {
    child.kill('SIGINT')
    return exited
  }
  const credentials = /admin: +(\S+) \/ (\S+)\n {2}API key: +(\S+)/.exec(printed)
  const url = /Corral demo at (http:\/\/\S+)/.exec(printed)?.[1]
  if (!credentials || !url) {
    await stop()
    throw new Error(`the demo printed no working credentials:\n${printed}`)
  }
  return { url, username: credentials[1]!, password: credentials[2]!, apiKey: credentials[3]!, stop }
}

describe.runIf(process.env.CORRAL_TEST_DB !== 'postgres')('npm run demo', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'corral-demo-')), 'data')
  })
  afterAll(() => rm(path.dirname(dataDir), { recursive: true, force: true }))

  it('prints credentials that work on every run, not only the first', { timeout: 400_000 }, async () => {
    const first = await runDemo(dataDir)
    try {
      expect((await signIn(first.url, first.username, first.password)).username).toBe(first.username)
      expect((await new ApiClient(first.url, first.apiKey).get('/api/tags')).status).toBe(200)
    } finally {
      await first.stop()
    }

    const second = await runDemo(dataDir)
    try {
      expect(second.password).not.toBe(first.password)
      expect((await signIn(second.url, second.username, second.password)).username).toBe(second.username)
      expect((await new ApiClient(second.url, second.apiKey).get('/api/tags')).status).toBe(200)
      // The first run's key does not pile up: a demo has one working key.
      expect((await new ApiClient(second.url, first.apiKey).get('/api/tags')).status).toBe(401)
      // Its simulator has a new port each run; the last one's backend is gone, not kept as a dead one.
      const admin = await signIn(second.url, second.username, second.password)
      const backends = await admin.api.get<{ backends: { url: string }[] }>('/corral/v1/admin/backends')
      expect(backends.body.backends).toHaveLength(1)
    } finally {
      await second.stop()
    }
  })
})
