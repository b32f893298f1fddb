import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../../apps/corral/bin/corral.js', import.meta.url))

export interface CorralProcess {
  child: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
}

/** `corral start` as a child process, as an operator runs it; resolves once it listens. */
export async function startCorralProcess(env: Record<string, string>): Promise<CorralProcess> {
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...process.env, CORRAL_HOST: '127.0.0.1', CORRAL_PORT: '0', CORRAL_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr.on('data', (data: Buffer) => (output += data.toString()))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`corral did not start:\n${output}`)), 30_000)
    const check = () => {
      const match = /"address":"(http:\/\/[^"]+)"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', check)
    void exited.then(() => reject(new Error(`corral exited:\n${output}`)))
  })
  return { child, url, output: () => output, exited }
}
