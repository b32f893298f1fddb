import path from 'node:path'
import { keepAliveModes, type CorralConfig } from './config.ts'
import { ConfigError } from './config-error.ts'
import {
  type Env,
  parseChoice,
  parseCidrList,
  parseDuration,
  parseInteger,
  parseUrlList,
  readVariable,
} from './env-parsers.ts'

const mebibyte = 1024 * 1024
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * Reads and validates every `CORRAL_*` variable once. This is the only place in Corral that reads
 * `process.env`; everything else receives the typed result. `defaults` replaces the default of a
 * variable that is unset (the demo keeps its data apart from `./data`).
 */
export function loadConfig(given: Env = process.env, defaults: Env = {}): CorralConfig {
  const env: Record<string, string | undefined> = { ...defaults }
  for (const [name, value] of Object.entries(given))
    if (readVariable(given, name) !== undefined) env[name] = value
  const databaseUrl = readVariable(env, 'CORRAL_DATABASE_URL')
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('CORRAL_DATABASE_URL', 'expected a postgres:// or postgresql:// URL')
  }
  refuseUnbuiltCluster(env)
  return {
    host: readVariable(env, 'CORRAL_HOST') ?? '0.0.0.0',
    port: parseInteger(env, 'CORRAL_PORT', 8080, 0, 65535),
    databaseUrl,
    databaseConnectTimeoutMs: parseDuration(env, 'CORRAL_DATABASE_CONNECT_TIMEOUT', 30_000),
    dataDir: path.resolve(readVariable(env, 'CORRAL_DATA_DIR') ?? './data'),
    ollamaUrls: parseUrlList(env, 'CORRAL_OLLAMA_URLS', 'http://127.0.0.1:11434'),
    ollamaSlots: parseInteger(env, 'CORRAL_OLLAMA_SLOTS', 1, 1, 1024),
    admin: readAdmin(env),
    trustedProxies: parseCidrList(env, 'CORRAL_TRUSTED_PROXIES'),
    cloudflareProxies: parseCidrList(env, 'CORRAL_CLOUDFLARE_PROXIES'),
    maxConnectionsPerAddress: parseInteger(env, 'CORRAL_MAX_CONNECTIONS_PER_ADDRESS', 256, 1, 1_000_000),
    logLevel: parseChoice(env, 'CORRAL_LOG_LEVEL', logLevels, 'info'),
    secretKey: readSecretKey(env),
    upstream: {
      headersTimeoutMs: parseDuration(env, 'CORRAL_UPSTREAM_HEADERS_TIMEOUT', 10 * 60_000),
      bodyTimeoutMs: parseDuration(env, 'CORRAL_UPSTREAM_IDLE_TIMEOUT', 5 * 60_000),
      connectTimeoutMs: parseDuration(env, 'CORRAL_UPSTREAM_CONNECT_TIMEOUT', 10_000),
      noBackendGraceMs: parseDuration(env, 'CORRAL_NO_BACKEND_GRACE', 5_000),
    },
    bodyMemory: {
      perUser: parseInteger(env, 'CORRAL_BODY_MEMORY_PER_USER_MIB', 256, 1, 1_048_576) * mebibyte,
      total: parseInteger(env, 'CORRAL_BODY_MEMORY_MIB', 1024, 1, 1_048_576) * mebibyte,
    },
    keepAlive: {
      mode: parseChoice(env, 'CORRAL_KEEPALIVE', keepAliveModes, 'auto'),
      intervalMs: parseDuration(env, 'CORRAL_KEEPALIVE_INTERVAL', 30_000),
    },
    shutdownTimeoutMs: parseDuration(env, 'CORRAL_SHUTDOWN_TIMEOUT', 30_000),
  }
}

/**
 * The replicas mode needs the lease, forwarding and failover together; until all of them are in
 * (docs/architecture.md), starting N processes that each believe they own every backend slot would
 * break the slot cap and fairness, so the variable is refused rather than ignored.
 */
function refuseUnbuiltCluster(env: Env): void {
  const mode = parseChoice(env, 'CORRAL_CLUSTER', ['off', 'replicas'], 'off')
  if (mode === 'replicas')
    throw new ConfigError(
      'CORRAL_CLUSTER',
      'the replicas mode is not available in this version yet; run one Corral process per set of backends (CORRAL_CLUSTER=off)',
    )
}

function readAdmin(env: Env): CorralConfig['admin'] {
  const username = readVariable(env, 'CORRAL_ADMIN_USERNAME')
  const password = readVariable(env, 'CORRAL_ADMIN_PASSWORD')
  if (username === undefined && password === undefined) return undefined
  if (username === undefined)
    throw new ConfigError('CORRAL_ADMIN_USERNAME', 'is required when CORRAL_ADMIN_PASSWORD is set')
  if (password === undefined)
    throw new ConfigError('CORRAL_ADMIN_PASSWORD', 'is required when CORRAL_ADMIN_USERNAME is set')
  return { username, password }
}

function readSecretKey(env: Env): Buffer | undefined {
  const raw = readVariable(env, 'CORRAL_SECRET_KEY')
  if (raw === undefined) return undefined
  const key = Buffer.from(raw, 'base64')
  if (key.length !== 32) {
    throw new ConfigError('CORRAL_SECRET_KEY', 'expected 32 random bytes in base64 (openssl rand -base64 32)')
  }
  return key
}
