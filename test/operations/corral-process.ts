import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url))
const cli = fileURLToPath(new URL('../../apps/corral/bin/corral.js', import.meta.url))

/** The environment of a child: this one's, without any CORRAL_* variable the test did not give. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CORRAL_')),
  )
  return { ...inherited, ...env }
}

export interface CorralProcess {
  child: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<number | null>
}

/** `corral start` as a child process, as an operator runs it; resolves once it listens. */
export async function startCorralProcess(
  env: Record<string, string>,
  options: {
    command?: string[]
    uid?: number
    gid?: number
    timeoutMs?: number
    /** Called with everything printed so far, each time it prints more (to act on what it says). */
    onOutput?: (output: string) => void
  } = {},
): Promise<CorralProcess> {
  const child = spawn(process.execPath, [cli, ...(options.command ?? ['start'])], {
    cwd: repositoryRoot,
    env: childEnv({ CORRAL_HOST: '127.0.0.1', CORRAL_PORT: '0', CORRAL_LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  })
  let output = ''
  const append = (data: Buffer) => {
    output += data.toString()
    options.onOutput?.(output)
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: the first start on a new embedded database migrates it, slow on a loaded machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`corral did not start:\n${output}`))
    }, options.timeoutMs ?? 150_000)
    const check = () => {
      const match = /"address":"(http:\/\/[^"]+)"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', check)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`corral exited:\n${output}`))
    })
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    return exited
  }
  return { child, url, output: () => output, exited, stop }
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** Wall-clock time of the whole command, start of Node to exit. */
  ms: number
}

/** Runs `corral <args>` as an operator would, with only the given CORRAL_* variables set. */
export function runCorralCli(
  args: string[],
  env: Record<string, string>,
  options: { uid?: number; gid?: number } = {},
): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: repositoryRoot, env: childEnv(env), timeout: 120_000, uid: options.uid, gid: options.gid },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
          ms: performance.now() - started,
        })
      },
    )
  })
}

/** A loopback port nothing listens on (taken from the kernel, then given back). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
