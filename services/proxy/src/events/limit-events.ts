import type { EventBus } from '@corral/core'
import type { LimitReason, LimitRejection, LimitSubject, QuotaCrossing } from '../scheduler/index.ts'

/** The contract's names for the limits (`limit.reached`): both per-minute limits are the rate limit. */
const limitNames: Record<LimitReason, string> = {
  concurrency: 'concurrency',
  rpm: 'rate',
  tpm: 'rate',
  'daily-quota': 'daily-quota',
  'monthly-quota': 'monthly-quota',
}

/**
 * `limit.reached` on the system event stream: a limit that refused a request (percent 100), and a
 * quota whose use crossed 50, 80, 90 or 100 % in its period. Alert rules "a group or key at X % of its
 * quota" subscribe to exactly these.
 */
export class LimitEvents {
  constructor(private readonly bus: EventBus) {}

  refused(subject: LimitSubject, rejection: LimitRejection): void {
    const scopeId = rejection.scope === 'key' ? subject.keyId : subject.groupId
    if (scopeId === null) return
    this.bus.publish({
      type: 'limit.reached',
      scope: rejection.scope,
      scope_id: scopeId,
      limit: limitNames[rejection.reason],
      percent: 100,
      user_id: subject.userId ?? null,
    })
  }

  crossed(crossing: QuotaCrossing): void {
    this.bus.publish({
      type: 'limit.reached',
      scope: crossing.scope,
      scope_id: crossing.id,
      limit: crossing.limit,
      percent: crossing.percent,
      user_id: crossing.subject.userId ?? null,
    })
  }
}
