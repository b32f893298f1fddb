import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { repositoryRoot, run } from './support/podman.ts'

const directory = path.join(repositoryRoot, 'deploy/compose')
const file = path.join(directory, 'compose.yaml')

interface Service {
  image?: string
  ports?: string[]
  profiles?: string[]
  depends_on?: Record<string, { condition: string }> | string[]
  healthcheck?: { test: string[] }
  environment?: Record<string, string>
  volumes?: string[]
  stop_grace_period?: string
  networks?: Record<string, { ipv4_address?: string }> | string[]
}
const compose = parse(readFileSync(file, 'utf8')) as { services: Record<string, Service> }
const { services } = compose

/** Every value the example env file asks for, filled in. */
const completeEnv = {
  POSTGRES_PASSWORD: 'a-postgres-password',
  CORRAL_SECRET_KEY: 'c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzLi4=',
  CORRAL_OLLAMA_URLS: 'http://gpu-1:11434',
}

/** podman-compose parses and interpolates the file; --dry-run prints the podman commands it would run. */
const dryRun = (env: Record<string, string>) =>
  run('podman-compose', ['--dry-run', '-f', file, 'up'], {
    cwd: directory,
    env: { PATH: process.env.PATH, ...env },
  })

const seconds = (duration: string) => {
  const match = /^(\d+)(s|m|h)$/.exec(duration)!
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h']
}

describe('the compose file', () => {
  it('is accepted by podman-compose with every required value set', async () => {
    const result = await dryRun(completeEnv)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      '-e CORRAL_DATABASE_URL=postgres://corral:a-postgres-password@postgres:5432/corral',
    )
    expect(result.stdout).not.toContain('${')
  })

  it.each(Object.keys(completeEnv))('fails at config time, naming %s, when it is missing', async (name) => {
    const env: Record<string, string> = { ...completeEnv }
    delete env[name]
    const result = await dryRun(env)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(`${name} is required`)
  })

  it('asks in the example env file for every value it requires', () => {
    const example = readFileSync(path.join(directory, 'corral.env.example'), 'utf8')
    const required = [...readFileSync(file, 'utf8').matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]!)
    expect(new Set(required)).toEqual(new Set(Object.keys(completeEnv)))
    for (const name of required) expect(example).toMatch(new RegExp(`^${name}=`, 'm'))
  })

  it('publishes ports from nginx only', () => {
    const publishing = Object.entries(services).filter(([, service]) => service.ports?.length)
    expect(publishing.map(([name]) => name)).toEqual(['nginx'])
  })

  it('starts Corral once PostgreSQL reports healthy', () => {
    expect(services.postgres!.healthcheck!.test.join(' ')).toContain('pg_isready')
    expect(services.corral!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
  })

  it('gives running answers longer to finish than Corral’s shutdown timeout', () => {
    const shutdown = /\$\{CORRAL_SHUTDOWN_TIMEOUT:-(\w+)\}/.exec(
      services.corral!.environment!.CORRAL_SHUTDOWN_TIMEOUT!,
    )!
    expect(seconds(services.corral!.stop_grace_period!)).toBeGreaterThan(seconds(shutdown[1]!))
  })

  it('trusts X-Forwarded-For only from the backend network, where nginx is Corral’s only client', () => {
    const compose = parse(readFileSync(file, 'utf8')) as {
      networks: Record<string, { internal?: boolean; ipam: { config: Array<{ subnet: string }> } }>
    }
    expect(services.corral!.environment!.CORRAL_TRUSTED_PROXIES).toBe(
      compose.networks.backend!.ipam.config[0]!.subnet,
    )
    expect(services.corral!.networks).toEqual(['backend'])
    // cloudflared talks to nginx only, over a network nothing else reaches.
    expect(services.cloudflared!.networks).toEqual(['tunnel'])
    expect(compose.networks.tunnel!.internal).toBe(true)
    const realIp = readFileSync(path.join(directory, 'nginx/tunnel-realip.conf'), 'utf8')
    expect(realIp).toContain(`set_real_ip_from ${compose.networks.tunnel!.ipam.config[0]!.subnet};`)
  })

  it('keeps the tunnel and the simulator behind their profiles', () => {
    expect(services.cloudflared!.profiles).toEqual(['tunnel'])
    expect(services['ollama-sim']!.profiles).toEqual(['demo'])
    const always = Object.entries(services).filter(([, service]) => !service.profiles)
    expect(always.map(([name]) => name).sort()).toEqual(['corral', 'nginx', 'postgres'])
  })

  it('mounts the shipped nginx configuration and files that exist', () => {
    const mounts = services.nginx!.volumes!.map((volume) => volume.split(':'))
    expect(mounts).toContainEqual(['../nginx/corral.conf', '/etc/nginx/conf.d/corral.conf', 'ro'])
    for (const [source] of mounts) {
      if (source === './tls') continue // the operator's certificate
      expect(existsSync(path.join(directory, source!)), source).toBe(true)
    }
  })
})
