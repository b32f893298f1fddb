import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../../deploy/support/free-port.ts'

/**
 * Debian's PgBouncer in front of the test PostgreSQL, in the pool mode asked for, on a free loopback
 * port. It refuses to run as root, so as root it is told to switch to the postgres user (and its
 * files are made readable).
 */
export async function startPgBouncer(databaseUrl: string, poolMode: 'session' | 'transaction') {
  const target = new URL(databaseUrl)
  const dir = await mkdtemp(path.join(tmpdir(), 'corral-pgbouncer-'))
  await chmod(dir, 0o755)
  const port = await freePort()
  const config = path.join(dir, 'pgbouncer.ini')
  await writeFile(path.join(dir, 'users.txt'), `"${decodeURIComponent(target.username)}" ""\n`)
  await writeFile(
    config,
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      `pool_mode = ${poolMode}`,
      'unix_socket_dir =',
      '',
    ].join('\n'),
  )
  await chmod(config, 0o644)
  await chmod(path.join(dir, 'users.txt'), 0o644)
  const asRoot = process.getuid?.() === 0
  const child: ChildProcess = spawn('/usr/sbin/pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + 10_000
  while (!output.includes('process up')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`PgBouncer did not start:\n${output}`)
    await sleep(50)
  }
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return {
    url: url.toString(),
    stop: async () => {
      // SIGTERM is an immediate shutdown up to PgBouncer 1.22 and waits for clients from 1.23: then SIGKILL.
      const exited = new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(null),
      )
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(killer)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
