import pg from 'pg'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import type { Logger } from 'pino'
import type { Database, Db, NotificationHandler } from './database.ts'
import { migrationConfig, migrationLockId } from './migration-config.ts'
import { waitForPostgres } from './postgres-connect.ts'

const listenerRetryMs = 1000

/** CORRAL_DATABASE_CONNECT_TIMEOUT's default. */
export const defaultConnectTimeoutMs = 30_000

/**
 * A real PostgreSQL server through node-postgres: a pool for queries, one extra client for LISTEN.
 * Opening waits up to `connectTimeoutMs` for the server to accept connections.
 */
export async function openPostgresDatabase(
  url: string,
  logger: Logger,
  connectTimeoutMs = defaultConnectTimeoutMs,
  variable?: string,
): Promise<Database> {
  await waitForPostgres(url, { timeoutMs: connectTimeoutMs, logger, variable })
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection failed'))
  const db = drizzle({ client: pool }) as unknown as Db
  await pool.query('select 1')
  const listener = new NotificationListener(url, logger)
  const withAdvisoryLock = async <T>(
    lockId: number,
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> => {
    const client = await pool.connect()
    try {
      await client.query('select pg_advisory_lock($1)', [lockId])
      try {
        return await work(client)
      } finally {
        await client.query('select pg_advisory_unlock($1)', [lockId])
      }
    } finally {
      client.release()
    }
  }
  return {
    kind: 'postgres',
    db,
    migrate: (services) =>
      withAdvisoryLock(migrationLockId, async (client) => {
        const locked = drizzle({ client })
        for (const service of services) await migrate(locked, migrationConfig(service))
      }),
    withAdvisoryLock: (lockId, work) =>
      withAdvisoryLock(lockId, (client) => work(drizzle({ client }) as unknown as Db)),
    listen: (channel, handler) => listener.listen(channel, handler),
    notify: async (channel, payload) => {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`)
    },
    ping: async () => {
      await pool.query('select 1')
    },
    close: async () => {
      await listener.close()
      await pool.end()
    },
  }
}

/** Holds the one connection that LISTENs, and re-establishes it (telling handlers `*`) when lost. */
class NotificationListener {
  private client: pg.Client | undefined
  private connecting: Promise<pg.Client> | undefined
  private readonly handlers = new Map<string, Set<NotificationHandler>>()
  private closed = false

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel)
    const client = await this.connect()
    if (!set) {
      set = new Set()
      this.handlers.set(channel, set)
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    }
    set.add(handler)
    return async () => {
      set.delete(handler)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    await this.client?.end().catch(() => undefined)
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= this.open().finally(() => (this.connecting = undefined))
    return this.connecting
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url })
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '')
    })
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'database notification connection lost; reconnecting')
      this.client = undefined
      client.end().catch(() => undefined)
      this.scheduleReconnect()
    })
    await client.connect()
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    this.client = client
    return client
  }

  private scheduleReconnect(): void {
    if (this.closed) return
    setTimeout(() => {
      if (this.closed) return
      this.connect().then(
        () => {
          for (const set of this.handlers.values()) for (const handler of set) handler('*')
        },
        () => this.scheduleReconnect(),
      )
    }, listenerRetryMs).unref()
  }
}
