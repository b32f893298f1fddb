import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import type { CpuPlan } from './cpu.ts'
import { freePort, waitUntilUp } from './free-port.ts'
import { nginxConfig } from './nginx-config.ts'

const nginxBinary = '/usr/sbin/nginx'

export interface NginxProcess {
  url: string
  /** The worker that does the proxying (the master only supervises). */
  workerPid: number
  version: string
  stop(): Promise<void>
}

/** Debian's nginx package, installed on demand; only the binary is used, never the system service. */
function ensureInstalled(): void {
  if (existsSync(nginxBinary)) return
  console.log('nginx is missing: apt-get install -y nginx')
  execFileSync('apt-get', ['install', '-y', 'nginx'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

/** Its own nginx master (`daemon off`), config and paths in a temp dir, worker pinned to the proxy core. */
export async function startNginx(options: { upstreamPort: number; cpus: CpuPlan }): Promise<NginxProcess> {
  ensureInstalled()
  const dir = await mkdtemp(path.join(tmpdir(), 'corral-bench-nginx-'))
  const port = await freePort()
  const user = process.getuid?.() === 0 ? userInfo().username : undefined
  const cpuMask = options.cpus.pinned ? (1 << options.cpus.proxyCpu).toString(2) : undefined
  const conf = path.join(dir, 'nginx.conf')
  await writeFile(conf, nginxConfig({ dir, port, upstreamPort: options.upstreamPort, cpuMask, user }))
  const master = spawn(nginxBinary, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let errors = ''
  master.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilUp(`${url}/api/version`, 10_000, () => master.exitCode === null)
  } catch (error) {
    master.kill('SIGKILL')
    throw new Error(`nginx did not start: ${(error as Error).message}\n${errors}`, { cause: error })
  }
  // `nginx -v` prints its version on stderr.
  const version = execFileSync('sh', ['-c', `${nginxBinary} -v 2>&1`], { encoding: 'utf8' })
  return {
    url,
    workerPid: workerOf(master.pid!),
    version: version.trim(),
    stop: async () => {
      const exited = new Promise((resolve) => master.once('exit', resolve))
      // SIGQUIT is nginx's graceful stop; SIGTERM its fast one. Streams are over by now.
      master.kill('SIGTERM')
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function workerOf(masterPid: number): number {
  const children = readFileSync(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').trim().split(/\s+/)
  if (!children[0]) throw new Error('nginx has no worker process')
  return Number(children[0])
}
