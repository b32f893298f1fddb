import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { freePort } from './support/free-port.ts'
import { repositoryRoot, run } from './support/podman.ts'

const directory = path.join(repositoryRoot, 'deploy/systemd')
const units = ['corral.service', 'corral@.service']
const hasSystemd = existsSync('/usr/bin/systemd-analyze')

/** The unit's [Service] settings; a repeated key keeps every value. */
function settings(unit: string): Map<string, string[]> {
  const values = new Map<string, string[]>()
  for (const line of readFileSync(path.join(directory, unit), 'utf8').split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line)
    if (match) values.set(match[1]!, [...(values.get(match[1]!) ?? []), match[2]!])
  }
  return values
}
const setting = (unit: string, key: string) => settings(unit).get(key)?.at(-1)

const exampleEnv = Object.fromEntries(
  readFileSync(path.join(directory, 'corral.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^CORRAL_\w+=/.test(line))
    .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
)

const seconds = (duration: string) => {
  const match = /^(\d+)(s|m|min|h)$/.exec(duration)!
  return Number(match[1]) * (match[2] === 's' ? 1 : match[2] === 'h' ? 3600 : 60)
}

describe.skipIf(!hasSystemd)('the systemd units', () => {
  it.each(units)('%s passes systemd-analyze verify without a warning', async (unit) => {
    const result = await run('systemd-analyze', ['verify', path.join(directory, unit)])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it.each(units)('%s is hardened (systemd-analyze security rates it OK)', async (unit) => {
    const result = await run('systemd-analyze', ['security', '--offline=true', path.join(directory, unit)])
    const exposure = Number(/Overall exposure level for .*: ([\d.]+)/.exec(result.stdout)?.[1])
    expect(exposure).toBeLessThanOrEqual(2)
  })

  it.each(units)('%s waits longer on stop than Corral takes to drain', (unit) => {
    expect(setting(unit, 'KillSignal')).toBe('SIGTERM')
    expect(setting(unit, 'KillMode')).toBe('mixed')
    expect(seconds(setting(unit, 'TimeoutStopSec')!)).toBeGreaterThan(
      seconds(exampleEnv.CORRAL_SHUTDOWN_TIMEOUT!),
    )
  })
})

describe('the units’ command lines', () => {
  let sim: OllamaSim
  let database: TestDatabase
  let work: string

  beforeAll(async () => {
    sim = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5 })
    database = await createTestDatabase()
    work = await mkdtemp(path.join(tmpdir(), 'corral-systemd-'))
  })
  afterAll(async () => {
    await sim?.close()
    await database?.dispose()
    if (work) await rm(work, { recursive: true, force: true })
  })

  /**
   * Runs a unit's ExecStart as systemd would (after EnvironmentFile and Environment, with %i
   * expanded), with the release at the repository instead of /opt/corral and the state directory in
   * a temp folder; stops it with its KillSignal.
   */
  it.each(units)(
    '%s starts the built server with plain node and stops cleanly on its KillSignal',
    async (unit) => {
      const port = await freePort()
      const state = path.join(work, unit)
      const commandLine = setting(unit, 'ExecStart')!
        .replaceAll('%i', String(port))
        .replaceAll('/opt/corral', repositoryRoot)
        .replaceAll('/var/lib/corral', state)
        .split(' ')
      expect(commandLine).toContain('/usr/bin/node')
      expect(commandLine.join(' ')).not.toMatch(/tsx|--import|--loader|\.ts\b/)
      const environment = Object.fromEntries(
        setting(unit, 'Environment')!
          .split(' ')
          .map((pair) => pair.replaceAll('/var/lib/corral', state).split('=') as [string, string]),
      )
      const child = spawn(commandLine[0]!, commandLine.slice(1), {
        cwd: setting(unit, 'WorkingDirectory')!.replace('/opt/corral', repositoryRoot),
        env: {
          PATH: process.env.PATH,
          ...exampleEnv,
          ...environment,
          ...(unit === 'corral.service' ? { CORRAL_PORT: String(port) } : {}),
          CORRAL_DATABASE_URL: database.url ?? '',
          CORRAL_OLLAMA_URLS: sim.url,
          CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
          CORRAL_SHUTDOWN_TIMEOUT: '5s',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (data: Buffer) => (output += data.toString()))
      child.stderr.on('data', (data: Buffer) => (output += data.toString()))
      const exited = once(child, 'exit')
      const deadline = Date.now() + 60_000
      let healthy = false
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        healthy = await request(`http://127.0.0.1:${port}/healthz`)
          .then(async (response) => (await response.body.dump(), response.statusCode === 200))
          .catch(() => false)
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(healthy, output).toBe(true)
      expect(output).toContain(`"address":"http://127.0.0.1:${port}"`)
      child.kill(setting(unit, 'KillSignal') as NodeJS.Signals)
      const [code] = (await exited) as [number | null]
      expect(code, output).toBe(0)
    },
    90_000,
  )
})
