import type { EventBus } from '@corral/core'
import type { Backend } from '../backends/backend.ts'

/**
 * The backends' events on the system event stream. Health is reported on transitions only: a backend
 * is checked every few seconds, and alert rules ("down for N seconds") and the panel need the moment
 * it changed, not each check. The first check of a backend reports whichever state it found, so a
 * backend that is down from the start is known to be down.
 */
export class BackendEvents {
  private readonly lastHealth = new Map<string, boolean>()

  constructor(private readonly bus: EventBus) {}

  /** After a health check or a failed request: publishes `backend.up` / `backend.down` if it changed. */
  health(backend: Backend): void {
    if (this.lastHealth.get(backend.id) === backend.healthy) return
    this.lastHealth.set(backend.id, backend.healthy)
    const fields = { backend_id: backend.id, name: backend.row.name }
    if (backend.healthy) this.bus.publish({ type: 'backend.up', ...fields })
    else this.bus.publish({ type: 'backend.down', ...fields, error: backend.lastError })
  }

  added(backend: Backend): void {
    this.bus.publish({ type: 'backend.added', backend_id: backend.id, name: backend.row.name })
  }

  removed(backend: Backend): void {
    this.lastHealth.delete(backend.id)
    this.bus.publish({ type: 'backend.removed', backend_id: backend.id, name: backend.row.name })
  }

  /** After an admin's change: a drain started or ended, or the slots changed. */
  updated(backend: Backend, before: { slots: number; state: string }): void {
    const fields = { backend_id: backend.id, name: backend.row.name }
    if (before.state !== backend.row.state)
      this.bus.publish({ type: 'backend.drained', ...fields, draining: backend.draining })
    if (before.slots !== backend.row.slots)
      this.bus.publish({ type: 'backend.slots', ...fields, slots: backend.row.slots })
  }
}
