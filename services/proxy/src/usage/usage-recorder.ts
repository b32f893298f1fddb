import type { Logger } from 'pino'
import type { UsageRecord, UsersClient } from '@corral/core'

const flushIntervalMs = 250
/**
 * Rows per statement. On the embedded database a statement runs on this thread (WebAssembly), so
 * batches stay small and the event loop gets a turn between them: no stream waits more than a few
 * milliseconds for a usage write.
 */
const maxBatch = 100
/** If the database is down for long, keep this many records and then drop the oldest (logged). */
const maxBuffered = 200_000

/**
 * Writes usage records and key "last used" times in batches, off the request path: a proxied request
 * only appends to an array. A failed write is retried on the next flush.
 */
export class UsageRecorder {
  private buffer: UsageRecord[] = []
  private lastUsed = new Map<string, Date>()
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> | undefined

  constructor(
    private readonly users: UsersClient,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs)
    this.timer.unref()
  }

  record(record: UsageRecord): void {
    this.buffer.push(record)
    if (record.keyId) this.lastUsed.set(record.keyId, record.finishedAt)
    if (this.buffer.length > maxBuffered) {
      const dropped = this.buffer.splice(0, this.buffer.length - maxBuffered)
      this.logger.error(
        { dropped: dropped.length },
        'usage buffer full: the database has been unreachable; oldest records dropped',
      )
    }
  }

  /** Writes everything buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined))
    return this.flushing
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    // Flush until everything is written, or a flush makes no progress (the database is gone).
    for (let pending = this.buffer.length; pending > 0;) {
      await this.flush()
      if (this.buffer.length >= pending) break
      pending = this.buffer.length
    }
  }

  private async write(): Promise<void> {
    // Only what was buffered when the flush began: records arriving meanwhile wait for the next
    // flush, so a steady stream of requests is written in full batches, not in a trickle of tiny ones.
    let due = this.buffer.length
    while (due > 0) {
      const batch = this.buffer.slice(0, Math.min(maxBatch, due))
      try {
        await this.users.recordUsage(batch)
        this.buffer.splice(0, batch.length)
        due -= batch.length
        await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        this.logger.warn(
          { err: error, pending: this.buffer.length },
          'writing usage records failed; will retry',
        )
        return
      }
    }
    if (this.lastUsed.size > 0) {
      const lastUsed = this.lastUsed
      this.lastUsed = new Map()
      await this.users
        .touchKeys(lastUsed)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'updating key last-used times failed'))
    }
  }
}
