import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Ollama } from 'ollama'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { freePort } from './support/free-port.ts'
import { buildImage, containerLogs, mustSucceed, podman, preparePodman } from './support/podman.ts'

const image = 'localhost/corral:deploy-test'
const suffix = randomBytes(4).toString('hex')
const name = `corral-test-${suffix}`
const volume = `corral-test-data-${suffix}`
const shutdownGraceSeconds = 30
const tokenIntervalMs = 100
let sim: OllamaSim
let url: string
let admin: { username: string; password: string }
let work: string
const started: string[] = []

async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const ok = await request(`${base}/healthz`)
      .then(async (response) => (await response.body.dump(), response.statusCode === 200))
      .catch(() => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(
    `Corral in the container did not answer /healthz:\n${(await containerLogs(name)).join('\n')}`,
  )
}

/** Runs the image detached, waits for it to exit, and returns its exit code and what it printed. */
async function runToExit(args: string[]): Promise<{ code: number; lines: string[] }> {
  const container = `corral-test-exit-${randomBytes(4).toString('hex')}`
  started.push(container)
  await mustSucceed(podman(['run', '-d', '--name', container, ...args, image]), 'podman run')
  const code = Number((await mustSucceed(podman(['wait', container]), 'podman wait')).trim())
  return { code, lines: await containerLogs(container) }
}

beforeAll(async () => {
  const preparing = performance.now()
  await preparePodman()
  const building = performance.now()
  await buildImage(image)
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(0)
  console.log(
    `base images ready in ${seconds(preparing, building)} s; image built in ${seconds(building, performance.now())} s`,
  )
  work = await mkdtemp(path.join(tmpdir(), 'corral-container-'))
  sim = await startOllamaSim({ tokenIntervalMs, loadDelayMs: 5 })
  const port = await freePort()
  admin = { username: 'admin', password: strongPassword() }
  started.push(name)
  await mustSucceed(
    podman([
      'run',
      '-d',
      '--name',
      name,
      // The simulator runs on the host's loopback: the container shares the host's network namespace.
      '--network',
      'host',
      // As the Kubernetes manifests run it: a read-only root filesystem, /data and /tmp writable.
      '--read-only',
      '-v',
      `${volume}:/data`,
      '-e',
      `CORRAL_SECRET_KEY=${randomBytes(32).toString('base64')}`,
      '-e',
      'CORRAL_HOST=127.0.0.1',
      '-e',
      `CORRAL_PORT=${port}`,
      '-e',
      `CORRAL_OLLAMA_URLS=${sim.url}`,
      '-e',
      `CORRAL_ADMIN_USERNAME=${admin.username}`,
      '-e',
      `CORRAL_ADMIN_PASSWORD=${admin.password}`,
      '-e',
      `CORRAL_SHUTDOWN_TIMEOUT=${shutdownGraceSeconds}s`,
      image,
    ]),
    'podman run',
  )
  url = `http://127.0.0.1:${port}`
  await waitForHealth(url)
}, 1_800_000)

afterAll(async () => {
  for (const container of started) await podman(['rm', '-f', container])
  await podman(['volume', 'rm', '-f', volume])
  await sim?.close()
  if (work) await rm(work, { recursive: true, force: true })
})

describe('the container image', () => {
  it('is at most 250 MB', async () => {
    const size = Number(
      (await mustSucceed(podman(['image', 'inspect', '--format', '{{.Size}}', image]), 'inspect')).trim(),
    )
    console.log(`image size: ${(size / 1e6).toFixed(1)} MB`)
    expect(size).toBeLessThanOrEqual(250e6)
  })

  it('runs Node as a non-root user under tini as PID 1', async () => {
    const pid = (await mustSucceed(podman(['inspect', '--format', '{{.State.Pid}}', name]), 'inspect')).trim()
    const init = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')
    expect(init[0]).toBe('/usr/bin/tini')
    const [child] = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(' ')
    const command = (await readFile(`/proc/${child}/cmdline`, 'utf8')).split('\0')
    expect(command.slice(0, 3)).toEqual(['node', '/app/apps/corral/bin/corral.js', 'start'])
    const uid = /^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${child}/status`, 'utf8'))![1]
    expect(uid).toBe('1000')
  })

  it('reports healthy through its HEALTHCHECK', async () => {
    const result = await podman(['healthcheck', 'run', name])
    expect(result.code, result.stderr).toBe(0)
    const status = await mustSucceed(
      podman(['inspect', '--format', '{{.State.Health.Status}}', name]),
      'inspect',
    )
    expect(status.trim()).toBe('healthy')
  })

  it('serves the chat app from the image (the web apps are where the server looks for them)', async () => {
    const page = await request(`${url}/`, { headers: { accept: 'text/html' } })
    expect(page.statusCode).toBe(200)
    expect(await page.body.text()).toMatch(/^<!doctype html>/i)
  })

  it('streams an answer from the backend (the official ollama client)', async () => {
    const session = await signIn(url, admin.username, admin.password)
    const ollama = new Ollama({
      host: url,
      headers: { Authorization: `Bearer ${(await createKey(session.api)).key}` },
    })
    const parts = []
    for await (const part of await ollama.generate({ model: 'llama3.2', prompt: 'Hello', stream: true }))
      parts.push(part)
    expect(parts.length).toBeGreaterThan(10)
    expect(parts.at(-1)!.done).toBe(true)
  })

  it('lets a running stream finish on podman stop, then exits 0 within the grace period', async () => {
    const session = await signIn(url, admin.username, admin.password)
    const ollama = new Ollama({
      host: url,
      headers: { Authorization: `Bearer ${(await createKey(session.api)).key}` },
    })
    const tokens = 40
    const stream = await ollama.generate({
      model: 'llama3.2',
      prompt: 'A long answer, please',
      stream: true,
      options: { num_predict: tokens },
    })
    const parts = []
    let stopping: Promise<string> | undefined
    const stopStarted = performance.now()
    for await (const part of stream) {
      parts.push(part)
      if (parts.length === 3)
        stopping = mustSucceed(podman(['stop', '-t', String(shutdownGraceSeconds + 10), name]), 'podman stop')
    }
    expect(parts.at(-1)!.done).toBe(true)
    expect(parts.at(-1)!.eval_count).toBe(tokens)
    await stopping
    const stopSeconds = (performance.now() - stopStarted) / 1000
    const exitCode = (
      await mustSucceed(podman(['inspect', '--format', '{{.State.ExitCode}}', name]), 'inspect')
    ).trim()
    expect(exitCode).toBe('0')
    expect(stopSeconds).toBeLessThan(shutdownGraceSeconds)
    expect((await containerLogs(name)).some((line) => line.includes('"msg":"stopped"'))).toBe(true)
  })

  it('refuses to start without CORRAL_SECRET_KEY, in one line naming it', async () => {
    const { code, lines } = await runToExit([])
    expect(code).not.toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^corral: configuration error: CORRAL_SECRET_KEY is required/)
  })

  it('refuses to start on a data volume it cannot write, in one line naming the path', async () => {
    const readOnly = await mkdtemp(path.join(work, 'not-writable-')) // root's, mode 0700
    const { code, lines } = await runToExit([
      '-v',
      `${readOnly}:/data`,
      '-e',
      `CORRAL_SECRET_KEY=${randomBytes(32).toString('base64')}`,
    ])
    expect(code).not.toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^corral: configuration error: the data directory \/data \(CORRAL_DATA_DIR\) is not writable/,
    )
  })
})
