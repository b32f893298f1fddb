import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Certificate } from './self-signed-certificate.ts'
import { freePort } from './free-port.ts'

const shippedDirectory = fileURLToPath(new URL('../../../deploy/nginx/', import.meta.url))
const nginxBinary = '/usr/sbin/nginx'

export interface NginxInstance {
  httpsUrl: string
  httpUrl: string
  /** nginx's directory for request bodies it would buffer; it must stay empty for uploads. */
  clientBodyTempDirectory: string
  errorLog: () => string
  stop(): Promise<void>
}

/**
 * The shipped deploy/nginx/corral.conf and corral-upstream.conf, unchanged except for their lines
 * marked "site:" (listen ports on loopback, the certificate, Corral's address), inside a minimal main
 * nginx.conf with its own pid file, logs and temp directories. Each substitution must match exactly
 * once, so a change to the shipped files that this test does not know about fails loudly instead of
 * silently testing something else.
 */
export async function startNginx(options: {
  directory: string
  corralAddress: string
  certificate: Certificate
  /** Turns on the commented realip lines for a Cloudflare Tunnel connecting from loopback. */
  tunnelFromLoopback?: boolean
}): Promise<NginxInstance> {
  const { directory, certificate } = options
  const [httpsPort, httpPort] = [await freePort(), await freePort()]
  const upstream = siteSpecific('corral-upstream.conf', [
    ['server 127.0.0.1:8080 max_fails=2', `server ${options.corralAddress} max_fails=2`],
  ])
  const server = siteSpecific('corral.conf', [
    ['listen 80;   # site', `listen 127.0.0.1:${httpPort};`],
    ['listen [::]:80;', ''],
    ['listen 443 ssl http2;   # site', `listen 127.0.0.1:${httpsPort} ssl http2;`],
    ['listen [::]:443 ssl http2;', ''],
    ['/etc/nginx/tls/fullchain.pem', certificate.certificateFile],
    ['/etc/nginx/tls/privkey.pem', certificate.keyFile],
    ...(options.tunnelFromLoopback
      ? ([
          ['# set_real_ip_from 127.0.0.1;', 'set_real_ip_from 127.0.0.1;'],
          ['# real_ip_header CF-Connecting-IP;', 'real_ip_header CF-Connecting-IP;'],
        ] as Array<[string, string]>)
      : []),
  ])
  // Workers run as an unprivileged user when nginx starts as root: they must reach the temp folders.
  chmodSync(directory, 0o755)
  const temp = (name: string) => {
    const folder = path.join(directory, name)
    mkdirSync(folder, { recursive: true, mode: 0o777 })
    chmodSync(folder, 0o777)
    return folder
  }
  const clientBodyTempDirectory = temp('client_body_temp')
  writeFileSync(path.join(directory, 'corral-upstream.conf'), upstream)
  writeFileSync(path.join(directory, 'corral.conf'), server)
  writeFileSync(
    path.join(directory, 'nginx.conf'),
    `worker_processes 1;
error_log ${directory}/error.log warn;
pid ${directory}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log ${directory}/access.log;
  client_body_temp_path ${clientBodyTempDirectory};
  proxy_temp_path ${temp('proxy_temp')};
  fastcgi_temp_path ${temp('fastcgi_temp')};
  uwsgi_temp_path ${temp('uwsgi_temp')};
  scgi_temp_path ${temp('scgi_temp')};
  include corral-upstream.conf;
  include corral.conf;
}
`,
  )
  const args = ['-p', `${directory}/`, '-c', path.join(directory, 'nginx.conf')]
  execFileSync(nginxBinary, [...args, '-t', '-q'], { stdio: 'pipe' })
  const child: ChildProcess = spawn(nginxBinary, [...args, '-g', 'daemon off;'], { stdio: 'ignore' })
  const exited = once(child, 'exit')
  await waitForPort(httpsPort)
  return {
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    clientBodyTempDirectory,
    errorLog: () => readFileSync(path.join(directory, 'error.log'), 'utf8'),
    stop: async () => {
      child.kill('SIGQUIT')
      await exited
    },
  }
}

function siteSpecific(file: string, substitutions: Array<[string, string]>): string {
  let config = readFileSync(path.join(shippedDirectory, file), 'utf8')
  for (const [from, to] of substitutions) {
    const count = config.split(from).length - 1
    if (count !== 1) throw new Error(`deploy/nginx/${file}: expected "${from}" once, found it ${count} times`)
    config = config.replace(from, to)
  }
  return config
}

export function filesIn(directory: string): string[] {
  return readdirSync(directory, { recursive: true }).map(String)
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`nginx did not listen on ${port}`)
}
