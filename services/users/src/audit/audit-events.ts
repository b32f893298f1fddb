import type { AuditEntry, EventBus } from '@corral/core'

/**
 * An `audit` event for every audit record written, once it is stored (after its transaction
 * committed), so what the panel and the alert rules see is what the audit log holds.
 */
export class AuditEvents {
  constructor(private readonly bus: EventBus) {}

  written(entries: readonly AuditEntry[]): void {
    for (const entry of entries) {
      this.bus.publish({
        type: 'audit',
        action: entry.action,
        actor_id: entry.actorUserId,
        actor_name: entry.actorUsername,
        target_type: entry.targetType ?? null,
        target_id: entry.targetId ?? null,
      })
    }
  }
}
