import type { Logger } from 'pino'
import type { Actor, AuditEntry } from '@corral/core'
import type { AuditFilter, AuditRepository } from './audit-repository.ts'

/**
 * Records who did what, when and from where. A failed audit write is logged, never thrown: the
 * action it describes has already happened and must not be reported to the caller as failed.
 */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.repository.insert(entry)
    } catch (error) {
      this.logger.error({ err: error, action: entry.action }, 'audit log write failed')
    }
  }

  recordBy(
    actor: Actor,
    action: string,
    target?: { type: string; id: string },
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.record({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action,
      targetType: target?.type,
      targetId: target?.id,
      details,
      ip: actor.ip,
    })
  }

  list(filter: AuditFilter) {
    return this.repository.list(filter)
  }
}
