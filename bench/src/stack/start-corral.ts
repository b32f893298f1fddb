import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SchedulerStats } from '../../../services/proxy/src/scheduler/index.ts'
import type { LoopDelay, ProbeAnswer, ProbeQuestion } from './corral-probe.ts'
import { pinnedCommand, type CpuPlan } from './cpu.ts'
import { freePort, waitUntilUp } from './free-port.ts'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const probe = new URL('./corral-probe.ts', import.meta.url).href

export interface HeapReport {
  heapUsed: number
  heapTotal: number
  rss: number
  external: number
  arrayBuffers: number
  gc: boolean
}

export interface CorralProcess {
  url: string
  pid: number
  admin: { username: string; password: string }
  heap(): Promise<HeapReport>
  schedulerStats(): Promise<SchedulerStats[]>
  /** Corral's event-loop delay since the previous call (the first call starts the count). */
  loopDelay(): Promise<LoopDelay>
  /** Writes a heap snapshot in Corral's working directory and returns its file name. */
  heapSnapshot(): Promise<string>
  stop(): Promise<void>
}

/**
 * Runs `corral start` (the real CLI and composition root, embedded PGlite in a temp directory) in a
 * child process pinned to the proxy core, with the probe preloaded for heap and scheduler figures.
 */
export async function startCorral(options: {
  simUrl: string
  slots: number
  cpus: CpuPlan
  profileDir?: string
  /** A PostgreSQL database for Corral; undefined runs it on the embedded PGlite. */
  databaseUrl?: string
}): Promise<CorralProcess> {
  const port = await freePort()
  const dataDir = await mkdtemp(path.join(tmpdir(), 'corral-bench-'))
  const admin = { username: 'bench-admin', password: `Pw-${randomBytes(9).toString('base64url')}-quokka` }
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CORRAL_')))
  Object.assign(env, {
    CORRAL_HOST: '127.0.0.1',
    CORRAL_PORT: String(port),
    CORRAL_DATA_DIR: dataDir,
    ...(options.databaseUrl ? { CORRAL_DATABASE_URL: options.databaseUrl } : {}),
    CORRAL_OLLAMA_URLS: options.simUrl,
    CORRAL_OLLAMA_SLOTS: String(options.slots),
    CORRAL_ADMIN_USERNAME: admin.username,
    CORRAL_ADMIN_PASSWORD: admin.password,
    CORRAL_LOG_LEVEL: 'warn',
    CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
    CORRAL_SHUTDOWN_TIMEOUT: '2s',
    // The load generator is one address holding thousands of connections (1,200 in the event stream
    // scenario, 10,000 in the memory one): the per-address cap of 256 would refuse them.
    CORRAL_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  })
  const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []
  const nodeArgs = [
    '--expose-gc',
    ...profile,
    '--import',
    'tsx',
    '--import',
    probe,
    'apps/corral/bin/corral.js',
    'start',
  ]
  const [command, args] = pinnedCommand(options.cpus, process.execPath, nodeArgs)
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  const output = captureOutput(child)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilUp(`${url}/readyz`, 60_000, () => child.exitCode === null)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`Corral did not start: ${(error as Error).message}\n${output.join('')}`, { cause: error })
  }
  const ask = askProbe(child)
  return {
    url,
    pid: child.pid!,
    admin,
    heap: () => ask('heap') as Promise<HeapReport>,
    schedulerStats: () => ask('scheduler') as Promise<SchedulerStats[]>,
    loopDelay: () => ask('loop') as Promise<LoopDelay>,
    heapSnapshot: () => ask('snapshot') as Promise<string>,
    stop: async () => {
      await stopChild(child)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

function askProbe(child: ChildProcess): (kind: ProbeQuestion['kind']) => Promise<unknown> {
  let next = 0
  const pending = new Map<number, (value: unknown) => void>()
  child.on('message', (message: ProbeAnswer) => {
    pending.get(message.id)?.(message.value)
    pending.delete(message.id)
  })
  return (kind) =>
    new Promise((resolve) => {
      const id = next++
      pending.set(id, resolve)
      child.send({ id, kind } satisfies ProbeQuestion)
    })
}

/** Keeps the last lines Corral printed (warnings and errors only, at log level `warn`). */
function captureOutput(child: ChildProcess): string[] {
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'))
    if (lines.length > 50) lines.shift()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return lines
}

/** SIGTERM (graceful: usage flushed, CPU profile written), then SIGKILL if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
