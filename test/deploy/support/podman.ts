import { execFile, type ExecFileOptions } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url))
const containerScripts = fileURLToPath(new URL('../container', import.meta.url))

export interface Result {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command to its end and returns what it printed, whatever its exit code. */
export function run(command: string, args: string[], options: ExecFileOptions = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

/** Podman as root with runc: the default crun fails on this machine's cgroups. */
export const podman = (args: string[], options: ExecFileOptions = {}) =>
  run('podman', ['--runtime', 'runc', ...args], options)

export async function mustSucceed(result: Promise<Result>, what: string): Promise<string> {
  const { code, stdout, stderr } = await result
  if (code !== 0) throw new Error(`${what} failed (${code}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`)
  return stdout
}

/** containers.conf for runc without ulimits, then the local base images the Dockerfile starts FROM. */
export async function preparePodman(): Promise<void> {
  await mustSucceed(run('bash', [`${containerScripts}/prepare-podman.sh`]), 'preparing podman')
  await mustSucceed(
    run('bash', [`${containerScripts}/build-base-image.sh`], { timeout: 900_000 }),
    'assembling the base images',
  )
}

/**
 * Builds the real Dockerfile, unchanged. This machine reaches the npm registry through a proxy with
 * its own certificate authority: the build sees the host's CA bundle and npm configuration as read-only
 * build volumes (the same flags an operator behind such a proxy would pass), never baked into a layer.
 */
export async function buildImage(tag: string): Promise<void> {
  const volumes = [
    ['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/certs/ca-certificates.crt'],
    ['/etc/npmrc', '/usr/local/etc/npmrc'],
  ].flatMap(([host, container]) => (existsSync(host!) ? ['-v', `${host}:${container}:ro`] : []))
  await mustSucceed(
    podman(['build', '--format', 'docker', ...volumes, '-t', tag, repositoryRoot], { timeout: 1_500_000 }),
    'podman build',
  )
}

/** What the container itself printed (podman's own messages, such as its healthcheck timer warnings, are not in it). */
export async function containerLogs(name: string): Promise<string[]> {
  const { stdout, stderr } = await podman(['logs', name])
  return `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '')
}
