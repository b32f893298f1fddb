import type { Database } from '../database/database.ts'
import { type ChangeEvent, changesChannel, parseChangeEvent } from './change-events.ts'

/** Publishes and receives cache-invalidation events over PostgreSQL NOTIFY (all replicas hear them). */
export class ChangeBus {
  constructor(private readonly database: Database) {}

  publish(event: ChangeEvent): Promise<void> {
    return this.database.notify(changesChannel, JSON.stringify(event))
  }

  subscribe(handler: (event: ChangeEvent) => void): Promise<() => Promise<void>> {
    return this.database.listen(changesChannel, (payload) => handler(parseChangeEvent(payload)))
  }
}
