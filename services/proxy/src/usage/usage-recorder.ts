import type { Logger } from 'pino'
import type { UsageRecord, UsersClient } from '@corral/core'

const flushIntervalMs = 1000
const maxBatch = 1000
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
    if (this.buffer.length >= maxBatch) void this.flush()
  }

  /** Writes everything buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined))
    return this.flushing
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
    if (this.buffer.length > 0) await this.flush()
  }

  private async write(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, maxBatch)
      try {
        await this.users.recordUsage(batch)
        this.buffer.splice(0, batch.length)
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
