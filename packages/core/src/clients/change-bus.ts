import type { Database } from '../database/database.ts'
import { type ChangeEvent, changesChannel, parseChangeEvent } from './change-events.ts'

/** A subscriber may return a promise: `publish` waits for this process's subscribers to finish. */
export type ChangeHandler = (event: ChangeEvent) => void | Promise<void>

/**
 * Publishes and receives cache-invalidation events. Other processes (replicas, other services) hear
 * them through PostgreSQL NOTIFY within milliseconds. Subscribers in the publishing process are told
 * directly, before `publish` returns, so a revocation is in force in this process by the time the
 * API call that made it answers. Handlers must be idempotent: they also get the NOTIFY echo.
 */
export class ChangeBus {
  private readonly local = new Set<ChangeHandler>()

  constructor(private readonly database: Database) {}

  async publish(event: ChangeEvent): Promise<void> {
    await Promise.all([...this.local].map(async (handler) => handler(event)))
    await this.database.notify(changesChannel, JSON.stringify(event))
  }

  async subscribe(handler: ChangeHandler): Promise<() => Promise<void>> {
    this.local.add(handler)
    const unlisten = await this.database.listen(
      changesChannel,
      (payload) => void handler(parseChangeEvent(payload)),
    )
    return async () => {
      this.local.delete(handler)
      await unlisten()
    }
  }
}
