import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { StartupError } from '../config/startup-error.ts'
import { describeTarget } from '../database/database-url.ts'

/**
 * The one dedicated PostgreSQL session that waits for, holds and checks a session advisory lock.
 * A session lock belongs to a backend process, so this must be a real session: never a pooled
 * connection that a transaction pooler hands to someone else between two statements.
 */
export interface LeaseConnection {
  /** The server process of this session (`pg_backend_pid()` when it was opened). */
  readonly backendPid: number
  /**
   * Waits in the server (`pg_advisory_lock`) until this session holds the lock: it passes the
   * instant the holder's session ends, with no polling.
   */
  acquire(): Promise<void>
  /** True only when this very session, by its backend pid, holds the lock granted. */
  holds(): Promise<boolean>
  /** Gives the lock back (a planned hand-over); the session stays open. */
  release(): Promise<void>
  /** Ends the session now, so the server drops the lock; never throws. */
  destroy(): void
  /** Settles with the reason when the session fails: server gone, network cut, terminated. */
  readonly lost: Promise<Error>
}

export interface LeaseConnectionOptions {
  url: string
  /** The advisory lock's key: one per lease (one scheduler lease per backend pool). */
  lockKey: bigint
  /** The variable that holds `url`, named in every error (the operator reads nothing else). */
  variable: string
}

/**
 * Server-side settings of the lease session. Keepalives and the user timeout make the server end a
 * session whose client vanished (a cut network, a dead host) within about 15 s, which frees the lock;
 * a frozen but alive client keeps it, since its kernel still answers. No statement or lock timeout
 * may end the wait for the lock. Sent as SET statements, not a startup `options` parameter, which
 * poolers refuse before the probe below could say why.
 */
const sessionSettings = [
  'set statement_timeout = 0',
  'set lock_timeout = 0',
  'set tcp_keepalives_idle = 5',
  'set tcp_keepalives_interval = 2',
  'set tcp_keepalives_count = 3',
  'set tcp_user_timeout = 15000',
  "set application_name = 'corral scheduler lease'",
  // PostgreSQL 17+ would end even the one-statement wait for the lock after transaction_timeout.
  `select set_config('transaction_timeout', '0', false)
     where current_setting('server_version_num')::int >= 170000`,
]

/**
 * PostgreSQL 14+: a follower cut off while it waits for the lock is noticed within a second, instead of
 * when the lock is granted to a session nobody listens to any more. Best effort: a server that cannot
 * check its sockets this way (some platforms) refuses the setting, and the lease works without it.
 */
const optionalSettings = [
  `select set_config('client_connection_check_interval', '1000', false)
     where current_setting('server_version_num')::int >= 140000`,
]

/** Opens the lease session, after checking that it is a real session (see `probeForPooler`). */
export async function openLeaseConnection(options: LeaseConnectionOptions): Promise<LeaseConnection> {
  const client = new pg.Client({
    connectionString: options.url,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5000,
    connectionTimeoutMillis: 10_000,
  })
  let reportLost: (error: Error) => void = () => undefined
  const lost = new Promise<Error>((resolve) => (reportLost = resolve))
  // Without a listener an 'error' event would crash the process; the lease reacts to `lost` instead.
  client.on('error', (error) => reportLost(error))
  client.on('end', () => reportLost(new Error('the lease session ended')))
  try {
    await client.connect()
    for (const statement of sessionSettings) await client.query(statement)
    for (const statement of optionalSettings) await client.query(statement).catch(() => undefined)
    const backendPid = await currentPid(client)
    // A mark only this session carries: a transaction pooler that lets another client's statements
    // run on this backend lets it overwrite the mark, and the next heartbeat sees it.
    const mark = randomUUID()
    await client.query(`select set_config('corral.lease_session', $1, false)`, [mark])
    await probeForPooler(options, backendPid)
    return new PostgresLeaseConnection(client, options, backendPid, mark, lost)
  } catch (error) {
    await client.end().catch(() => undefined)
    throw error
  }
}

class PostgresLeaseConnection implements LeaseConnection {
  constructor(
    private readonly client: pg.Client,
    private readonly options: LeaseConnectionOptions,
    readonly backendPid: number,
    private readonly mark: string,
    readonly lost: Promise<Error>,
  ) {}

  async acquire(): Promise<void> {
    await this.client.query('select pg_advisory_lock($1::bigint)', [this.options.lockKey.toString()])
  }

  async holds(): Promise<boolean> {
    const { rows } = await this.client.query<{ pid: number; mark: string | null; held: boolean }>(
      `select pg_backend_pid() as pid, current_setting('corral.lease_session', true) as mark, exists(
         select 1 from pg_locks
         where locktype = 'advisory' and granted and pid = pg_backend_pid() and objsubid = 1
           and ((classid::bigint << 32) | objid::bigint) = $1::bigint) as held`,
      [this.options.lockKey.toString()],
    )
    const row = rows[0]
    if (row && (row.pid !== this.backendPid || row.mark !== this.mark)) throw poolerError(this.options)
    return row?.held === true
  }

  async release(): Promise<void> {
    await this.client.query('select pg_advisory_unlock($1::bigint)', [this.options.lockKey.toString()])
  }

  destroy(): void {
    // end() waits for a query in progress (a blocked pg_advisory_lock never ends): cut the socket.
    const connection = (this.client as unknown as { connection?: { stream?: { destroy(): void } } })
      .connection
    connection?.stream?.destroy()
    this.client.end().catch(() => undefined)
  }
}

async function currentPid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
  return rows[0]!.pid
}

/**
 * Two real sessions never share a backend process. A transaction pooler (PgBouncer with
 * `pool_mode = transaction`, most managed "pooler" endpoints) gives an idle server connection to the
 * next client, so a second connection opened now lands on this session's backend. The lock would then
 * belong to whoever runs a statement on it next: refuse before taking it.
 */
async function probeForPooler(options: LeaseConnectionOptions, backendPid: number): Promise<void> {
  const probe = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 10_000 })
  probe.on('error', () => undefined) // a failure shows as the rejected query below
  try {
    await probe.connect()
    if ((await currentPid(probe)) === backendPid) throw poolerError(options)
  } finally {
    await probe.end().catch(() => undefined)
  }
}

export function poolerError(options: Pick<LeaseConnectionOptions, 'url' | 'variable'>): StartupError {
  return new StartupError(
    options.variable,
    `${describeTarget(options.url)} goes through a transaction pooler: two connections share one server session, so it cannot hold the scheduler lease`,
    'Point it at PostgreSQL directly or at a pooler in session mode (PgBouncer pool_mode = session)',
  )
}
