import type { LevelWithSilent } from 'pino'

export const keepAliveModes = ['auto', 'always', 'off'] as const
export type KeepAliveMode = (typeof keepAliveModes)[number]

/** The whole configuration, read from `CORRAL_*` variables once at start (the README lists them). */
export interface CorralConfig {
  host: string
  port: number
  /** `postgres://…`, or undefined for the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined
  /** How long start-up waits for a PostgreSQL server that does not accept connections yet. */
  databaseConnectTimeoutMs: number
  dataDir: string
  ollamaUrls: string[]
  ollamaSlots: number
  admin: { username: string; password: string } | undefined
  /** CIDRs whose `X-Forwarded-For` is believed (nginx, a load balancer). */
  trustedProxies: string[]
  /** CIDRs of Cloudflare or cloudflared peers, the only ones whose `CF-Connecting-IP` is believed. */
  cloudflareProxies: string[]
  /** Open connections one client address may hold (trusted proxies and Cloudflare peers excepted). */
  maxConnectionsPerAddress: number
  logLevel: LevelWithSilent
  /** 32-byte key that encrypts the JWT signing keys at rest; undefined means `<dataDir>/secret.key`. */
  secretKey: Buffer | undefined
  upstream: {
    /** Time allowed for an Ollama backend to send response headers (model loads take minutes). */
    headersTimeoutMs: number
    /** Time allowed between two chunks of an upstream body. */
    bodyTimeoutMs: number
    connectTimeoutMs: number
    /**
     * How long a request waits for a healthy backend that serves its model before it is refused
     * (503, "the backends are down"), rather than waiting out the whole queue wait.
     */
    noBackendGraceMs: number
  }
  /** Request bodies held in memory while they are read and while their requests wait, in bytes. */
  bodyMemory: {
    perUser: number
    total: number
  }
  /**
   * Bytes every official client ignores, sent while a request waits (queue, model load) so a proxy
   * that ends silent requests (Cloudflare: 524 after about 100 s) keeps it open; see keep-alive-policy.ts.
   */
  keepAlive: {
    /** `auto`: SSE always, NDJSON through Cloudflare, JSON never; `always`: all three; `off`: none. */
    mode: KeepAliveMode
    /** Silence before the first keep-alive and between two: the one threshold. */
    intervalMs: number
  }
  /** How long a shutdown waits for running streams before cutting them. */
  shutdownTimeoutMs: number
}
