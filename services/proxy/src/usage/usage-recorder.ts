import type { Logger } from 'pino'
import type { CorralMetrics, UsageRecord, UsersClient } from '@corral/core'
import { sanitizeUsageRecord } from '@corral/core'
import type { SystemEvent } from '@corral/contracts'
import { RefusalTally } from './refusal-tally.ts'

const flushIntervalMs = 250
/**
 * Rows per statement. On the embedded database a statement runs on this thread (WebAssembly), so
 * batches stay small and the event loop gets a turn between them: no stream waits more than a few
 * milliseconds for a usage write.
 */
const maxBatch = 100
/** If the database is down for long, keep this many records and then drop the oldest (logged). */
const maxBuffered = 200_000
/** While the database is unreachable, say so once a minute rather than on every flush. */
const outageLogIntervalMs = 60_000

/**
 * PostgreSQL error classes that belong to the row, not to the database: data exceptions (22: a NUL
 * byte, a number out of range, a malformed uuid) and integrity violations (23). Writing the row again
 * would fail again.
 */
const rowErrorClasses = ['22', '23']

/**
 * Writes usage records and key "last used" times in batches, off the request path: a proxied request
 * only appends to an array. Records are made safe to store on the way in. A batch the database
 * refuses is written row by row, so one bad row is set aside (logged once) and the others are kept;
 * a database that is down keeps everything buffered for the next flush.
 */
export class UsageRecorder {
  private buffer: UsageRecord[] = []
  private lastUsed = new Map<string, Date>()
  private readonly refusals = new RefusalTally()
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> | undefined
  private lastOutageLogAt = -Infinity

  constructor(
    private readonly users: UsersClient,
    private readonly logger: Logger,
    private readonly metrics?: CorralMetrics,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs)
    this.timer.unref()
  }

  record(record: UsageRecord): void {
    this.buffer.push(sanitizeUsageRecord(record))
    if (record.keyId) this.lastUsed.set(record.keyId, record.finishedAt)
    if (this.buffer.length > maxBuffered) {
      const dropped = this.buffer.splice(0, this.buffer.length - maxBuffered)
      this.metrics?.usageRecordsDropped.inc({ reason: 'buffer-full' }, dropped.length)
      this.logger.error(
        { dropped: dropped.length },
        'usage buffer full: the database has been unreachable; oldest records dropped',
      )
    }
  }

  /** Counts a refusal for the dashboards (fed by the event stream's `request.refused`). */
  refused(event: Extract<SystemEvent, { type: 'request.refused' }>): void {
    this.refusals.add({
      at: new Date(event.at),
      reason: event.reason,
      priority: event.priority,
      status: event.status,
    })
  }

  /** Writes everything buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined))
    return this.flushing
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    // Flush until everything is written, or a flush makes no progress (the database is gone).
    for (let pending = this.buffer.length + this.refusals.size; pending > 0;) {
      await this.flush()
      if (this.buffer.length + this.refusals.size >= pending) break
      pending = this.buffer.length + this.refusals.size
    }
    if (this.buffer.length > 0) {
      this.metrics?.usageRecordsDropped.inc({ reason: 'shutdown' }, this.buffer.length)
      this.logger.error(
        { dropped: this.buffer.length },
        'usage records could not be written before shutdown (the database does not answer); they are lost',
      )
      this.buffer = []
    }
  }

  private async write(): Promise<void> {
    // Only what was buffered when the flush began: records arriving meanwhile wait for the next
    // flush, so a steady stream of requests is written in full batches, not in a trickle of tiny ones.
    let due = this.buffer.length
    while (due > 0) {
      const batch = this.buffer.slice(0, Math.min(maxBatch, due))
      const written = await this.writeBatch(batch)
      if (written === undefined) return
      this.buffer.splice(0, batch.length)
      due -= batch.length
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (this.refusals.size > 0) {
      const counts = this.refusals.take()
      await this.users.recordRefusals(counts).catch((error: unknown) => {
        this.refusals.restore(counts)
        this.logger.warn({ err: error }, 'writing refusal counts failed; will retry')
      })
    }
    if (this.lastUsed.size > 0) {
      const lastUsed = this.lastUsed
      this.lastUsed = new Map()
      await this.users
        .touchKeys(lastUsed)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'updating key last-used times failed'))
    }
  }

  /**
   * Writes a batch, falling back to one row at a time when the database refuses it. Resolves with the
   * rows done with (written or set aside), or undefined when the database is unreachable (the batch
   * stays buffered).
   */
  private async writeBatch(batch: UsageRecord[]): Promise<number | undefined> {
    try {
      await this.users.recordUsage(batch)
      return batch.length
    } catch (error) {
      if (!isRowError(error) && batch.length === 1) return this.unreachable(error)
    }
    for (const [index, row] of batch.entries()) {
      try {
        await this.users.recordUsage([row])
      } catch (error) {
        if (!isRowError(error)) {
          // Rows before this one are written; keep this one and the rest for the next flush.
          this.buffer.splice(0, index)
          return this.unreachable(error)
        }
        this.setAside(row, error)
      }
    }
    return batch.length
  }

  private setAside(row: UsageRecord, error: unknown): void {
    this.metrics?.usageRecordsDropped.inc({ reason: 'invalid' })
    // The cause only: the failed statement and its parameters are not logged.
    const cause = databaseCause(error)
    this.logger.error(
      { requestId: row.requestId, userId: row.userId, code: cause.code, reason: cause.message },
      'a usage record was refused by the database and set aside',
    )
  }

  private unreachable(error: unknown): undefined {
    const now = performance.now()
    if (now - this.lastOutageLogAt >= outageLogIntervalMs) {
      this.lastOutageLogAt = now
      const cause = databaseCause(error)
      this.logger.warn(
        { pending: this.buffer.length, code: cause.code, reason: cause.message },
        'writing usage records failed; will retry',
      )
    }
    return undefined
  }
}

/** The database's own error: drivers and Drizzle wrap it (`cause`), with the query in the message. */
function databaseCause(error: unknown): { code: string | undefined; message: string } {
  type Wrapped = { code?: unknown; cause?: unknown; message?: unknown }
  let current = error as Wrapped | undefined
  let innermost = current
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (typeof current.code === 'string') return { code: current.code, message: String(current.message) }
    innermost = current
    current = current.cause as Wrapped | undefined
  }
  return { code: undefined, message: String(innermost?.message ?? error).split('\n')[0]! }
}

function isRowError(error: unknown): boolean {
  const { code } = databaseCause(error)
  return code !== undefined && code.length === 5 && rowErrorClasses.includes(code.slice(0, 2))
}
