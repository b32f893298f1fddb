import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/index.ts'

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      databaseUrl: undefined,
      ollamaUrls: ['http://127.0.0.1:11434'],
      ollamaSlots: 1,
      admin: undefined,
      trustedProxies: [],
      logLevel: 'info',
    })
    expect(config.dataDir.endsWith('/data')).toBe(true)
  })

  it('reads every variable', () => {
    const config = loadConfig({
      CORRAL_HOST: '127.0.0.1',
      CORRAL_PORT: '9000',
      CORRAL_DATABASE_URL: 'postgres://u@db/corral',
      CORRAL_DATA_DIR: '/var/lib/corral',
      CORRAL_OLLAMA_URLS: 'http://gpu1:11434, http://gpu2:11434/ollama/',
      CORRAL_OLLAMA_SLOTS: '4',
      CORRAL_ADMIN_USERNAME: 'root',
      CORRAL_ADMIN_PASSWORD: 'secret',
      CORRAL_TRUSTED_PROXIES: '10.0.0.0/8,::1',
      CORRAL_LOG_LEVEL: 'debug',
      CORRAL_UPSTREAM_HEADERS_TIMEOUT: '15m',
      CORRAL_NO_BACKEND_GRACE: '2s',
      CORRAL_BODY_MEMORY_PER_USER_MIB: '64',
      CORRAL_BODY_MEMORY_MIB: '512',
    })
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 9000,
      databaseUrl: 'postgres://u@db/corral',
      dataDir: '/var/lib/corral',
      ollamaUrls: ['http://gpu1:11434', 'http://gpu2:11434/ollama'],
      ollamaSlots: 4,
      admin: { username: 'root', password: 'secret' },
      trustedProxies: ['10.0.0.0/8', '::1/128'],
      logLevel: 'debug',
      upstream: { headersTimeoutMs: 900_000, noBackendGraceMs: 2000 },
      bodyMemory: { perUser: 64 * 1024 * 1024, total: 512 * 1024 * 1024 },
    })
  })

  it.each([
    [{ CORRAL_PORT: 'eighty' }, 'CORRAL_PORT'],
    [{ CORRAL_PORT: '70000' }, 'CORRAL_PORT'],
    [{ CORRAL_OLLAMA_URLS: 'gpu1:11434' }, 'CORRAL_OLLAMA_URLS'],
    [{ CORRAL_OLLAMA_SLOTS: '0' }, 'CORRAL_OLLAMA_SLOTS'],
    [{ CORRAL_DATABASE_URL: 'mysql://x' }, 'CORRAL_DATABASE_URL'],
    [{ CORRAL_TRUSTED_PROXIES: '10.0.0.0/33' }, 'CORRAL_TRUSTED_PROXIES'],
    [{ CORRAL_LOG_LEVEL: 'loud' }, 'CORRAL_LOG_LEVEL'],
    [{ CORRAL_ADMIN_USERNAME: 'root' }, 'CORRAL_ADMIN_PASSWORD'],
    [{ CORRAL_SECRET_KEY: 'c2hvcnQ=' }, 'CORRAL_SECRET_KEY'],
    [{ CORRAL_SHUTDOWN_TIMEOUT: 'soon' }, 'CORRAL_SHUTDOWN_TIMEOUT'],
    [{ CORRAL_DATABASE_CONNECT_TIMEOUT: 'a while' }, 'CORRAL_DATABASE_CONNECT_TIMEOUT'],
    [{ CORRAL_NO_BACKEND_GRACE: 'soon' }, 'CORRAL_NO_BACKEND_GRACE'],
    [{ CORRAL_BODY_MEMORY_MIB: '0' }, 'CORRAL_BODY_MEMORY_MIB'],
  ])('refuses %o with an error naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `))
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ CORRAL_PORT: '', CORRAL_HOST: '  ' })).toMatchObject({ port: 8080, host: '0.0.0.0' })
  })

  it('waits 30 s for the database by default, or as long as CORRAL_DATABASE_CONNECT_TIMEOUT says', () => {
    expect(loadConfig({}).databaseConnectTimeoutMs).toBe(30_000)
    expect(loadConfig({ CORRAL_DATABASE_CONNECT_TIMEOUT: '2m' }).databaseConnectTimeoutMs).toBe(120_000)
  })

  it('lets a command replace the default of a variable that is unset, never a value that is set', () => {
    const defaults = { CORRAL_DATA_DIR: '/srv/demo' }
    expect(loadConfig({}, defaults).dataDir).toBe('/srv/demo')
    expect(loadConfig({ CORRAL_DATA_DIR: '' }, defaults).dataDir).toBe('/srv/demo')
    expect(loadConfig({ CORRAL_DATA_DIR: '/var/lib/corral' }, defaults).dataDir).toBe('/var/lib/corral')
  })
})

describe('loadConfig: keep-alives', () => {
  it('sends keep-alives where every client ignores them, after 30 s of silence, unless told otherwise', () => {
    expect(loadConfig({}).keepAlive).toEqual({ mode: 'auto', intervalMs: 30_000 })
    expect(loadConfig({ CORRAL_KEEPALIVE: 'always', CORRAL_KEEPALIVE_INTERVAL: '15s' }).keepAlive).toEqual({
      mode: 'always',
      intervalMs: 15_000,
    })
    expect(loadConfig({ CORRAL_KEEPALIVE: 'off' }).keepAlive.mode).toBe('off')
  })

  it.each([
    [{ CORRAL_KEEPALIVE: 'on' }, 'CORRAL_KEEPALIVE'],
    [{ CORRAL_KEEPALIVE_INTERVAL: '0' }, 'CORRAL_KEEPALIVE_INTERVAL'],
    [{ CORRAL_KEEPALIVE_INTERVAL: 'soon' }, 'CORRAL_KEEPALIVE_INTERVAL'],
  ])('refuses %o with an error naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `))
  })
})

describe('loadConfig: client addresses and connections', () => {
  it('keeps Cloudflare peers apart from other trusted proxies, and bounds connections per address', () => {
    expect(loadConfig({})).toMatchObject({ cloudflareProxies: [], maxConnectionsPerAddress: 256 })
    expect(
      loadConfig({
        CORRAL_TRUSTED_PROXIES: '10.0.0.5',
        CORRAL_CLOUDFLARE_PROXIES: '127.0.0.1, 173.245.48.0/20',
        CORRAL_MAX_CONNECTIONS_PER_ADDRESS: '1000',
      }),
    ).toMatchObject({
      trustedProxies: ['10.0.0.5/32'],
      cloudflareProxies: ['127.0.0.1/32', '173.245.48.0/20'],
      maxConnectionsPerAddress: 1000,
    })
  })

  it.each([
    [{ CORRAL_CLOUDFLARE_PROXIES: 'cloudflare' }, 'CORRAL_CLOUDFLARE_PROXIES'],
    [{ CORRAL_MAX_CONNECTIONS_PER_ADDRESS: '0' }, 'CORRAL_MAX_CONNECTIONS_PER_ADDRESS'],
  ])('refuses %o with an error naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `))
  })

  it('refuses the replicas mode, which this version does not have yet, rather than running N schedulers', () => {
    expect(() =>
      loadConfig({ CORRAL_CLUSTER: 'replicas', CORRAL_DATABASE_URL: 'postgres://u@db/corral' }),
    ).toThrow(/^CORRAL_CLUSTER: the replicas mode is not available/)
    expect(() => loadConfig({ CORRAL_CLUSTER: 'swarm' })).toThrow(
      /^CORRAL_CLUSTER: must be one of off, replicas/,
    )
    expect(() => loadConfig({ CORRAL_CLUSTER: 'off' })).not.toThrow()
  })
})
