import type { Logger } from 'pino'
import type { Actor, AuditEntry } from '@corral/core'
import { redactSecrets, type AuditChange } from './audit-changes.ts'
import type { AuditEvents } from './audit-events.ts'
import type { AuditFilter, AuditRepository, AuditRow } from './audit-repository.ts'

export type AuditTarget = { type: string; id: string }

/**
 * Records who did what, when and from where. A failed audit write is logged, never thrown: the
 * action it describes has already happened and must not be reported to the caller as failed.
 */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger: Logger,
    private readonly events: AuditEvents,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.repository.insert(redacted(entry))
      this.events.written([entry])
    } catch (error) {
      this.logger.error({ err: error, action: entry.action }, 'audit log write failed')
    }
  }

  recordBy(
    actor: Actor,
    action: string,
    target?: AuditTarget,
    details?: Record<string, unknown>,
    change?: AuditChange,
    subjectUserId?: string,
  ): Promise<void> {
    return this.record({ ...entryBy(actor, action, target, details, change), subjectUserId })
  }

  list(filter: AuditFilter & { limit: number; offset: number }) {
    return this.repository.list(filter)
  }

  stream(filter: AuditFilter): AsyncGenerator<AuditRow[]> {
    return this.repository.stream(filter)
  }
}

export function entryBy(
  actor: Actor,
  action: string,
  target?: AuditTarget,
  details?: Record<string, unknown>,
  change?: AuditChange,
): AuditEntry {
  return redacted({
    actorUserId: actor.userId,
    actorUsername: actor.username,
    action,
    targetType: target?.type,
    targetId: target?.id,
    details,
    before: change?.before ?? null,
    after: change?.after ?? null,
    ip: actor.ip,
  })
}

function redacted(entry: AuditEntry): AuditEntry {
  return {
    ...entry,
    details: entry.details && redactSecrets(entry.details),
    before: entry.before && redactSecrets(entry.before),
    after: entry.after && redactSecrets(entry.after),
  }
}
