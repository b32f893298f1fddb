import type {
  AdmissionResult,
  LimitRejection,
  LimitScope,
  LimitSet,
  LimitSubject,
  PeriodTotals,
  QuotaCrossing,
  SubjectLimits,
} from './limit-types.ts'
import { UsageAccount } from './usage-account.ts'

export interface AdmissionLimitsOptions {
  /** Wall-clock epoch milliseconds (`Date.now`): quotas follow UTC calendar days and months. */
  now?: () => number
  /** Told when a record takes a key's or group's quota use past 50, 80, 90 or 100 % in its period. */
  onQuotaCrossed?: (crossing: QuotaCrossing) => void
}

interface ScopedCheck {
  scope: LimitScope
  account: UsageAccount
  limits: LimitSet
}

// Idle accounts are swept at most this often, so the sweep's cost is spread over many requests.
const sweepIntervalMs = 60_000

/**
 * Per-key and per-group admission limits, checked by the proxy before it enqueues: concurrency (waiting
 * plus running), requests and tokens per minute, daily and monthly token quotas. Pure: time comes from
 * `now`, usage from `record`, the period totals of earlier runs from `seed`. Limits arrive with every
 * call, so an admin's change applies to the next request.
 *
 * Memory: one small account per key or group that has something in flight, a rate meter still draining,
 * or tokens this month; the rest is swept.
 */
export class AdmissionLimits {
  private readonly now: () => number
  private readonly accounts: Record<LimitScope, Map<string, UsageAccount>> = {
    key: new Map(),
    group: new Map(),
  }
  private lastSweepMs: number

  constructor(private readonly options: AdmissionLimitsOptions = {}) {
    this.now = options.now ?? Date.now
    this.lastSweepMs = this.now()
  }

  /** Tracked keys and groups, to watch memory. */
  get size(): number {
    return this.accounts.key.size + this.accounts.group.size
  }

  /**
   * Admits the request when every limit of both scopes allows it, and counts it; otherwise refuses with
   * the limit that clears last, so retrying after `retryAfterSeconds` is not refused by another one.
   * A refused request counts against nothing.
   */
  admit(subject: LimitSubject, limits: SubjectLimits): AdmissionResult {
    const now = this.now()
    this.sweep(now)
    const checks = this.checksFor(subject, limits)
    let rejection: LimitRejection | undefined
    for (const { scope, account, limits } of checks) {
      const breach = account.check(limits, now)
      if (!breach) continue
      const retryAfterSeconds = Math.max(1, Math.ceil(breach.retryAfterMs / 1000))
      if (!rejection || retryAfterSeconds > rejection.retryAfterSeconds) {
        rejection = { ok: false, reason: breach.reason, scope, retryAfterSeconds }
      }
    }
    if (rejection) return rejection
    for (const { account } of checks) account.take(now)
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      for (const { account } of checks) account.release()
    }
    return { ok: true, release }
  }

  /** Counts tokens (prompt + output) against the per-minute limit and the quotas of both scopes. */
  record(subject: LimitSubject, tokens: number): void {
    if (!(tokens > 0 && Number.isFinite(tokens))) return
    const now = this.now()
    const report = this.options.onQuotaCrossed
    for (const [scope, id] of scopesOf(subject)) {
      this.account(scope, id).record(
        tokens,
        now,
        report && ((limit, percent) => report({ subject, scope, id, limit, percent })),
      )
    }
  }

  /** Sets the current day's and month's totals of a key or group, as stored; call before serving. */
  seed(scope: LimitScope, id: string, totals: PeriodTotals): void {
    this.account(scope, id).seed(totals, this.now())
  }

  private checksFor(subject: LimitSubject, limits: SubjectLimits): ScopedCheck[] {
    return scopesOf(subject).map(([scope, id]) => ({
      scope,
      account: this.account(scope, id),
      limits: limits[scope] ?? {},
    }))
  }

  private account(scope: LimitScope, id: string): UsageAccount {
    const accounts = this.accounts[scope]
    let account = accounts.get(id)
    if (!account) {
      account = new UsageAccount()
      accounts.set(id, account)
    }
    return account
  }

  private sweep(now: number): void {
    if (Math.abs(now - this.lastSweepMs) < sweepIntervalMs) return
    this.lastSweepMs = now
    for (const accounts of Object.values(this.accounts)) {
      for (const [id, account] of accounts) if (account.isIdle(now)) accounts.delete(id)
    }
  }
}

function scopesOf(subject: LimitSubject): [LimitScope, string][] {
  const scopes: [LimitScope, string][] = []
  if (subject.keyId !== null) scopes.push(['key', subject.keyId])
  if (subject.groupId !== null) scopes.push(['group', subject.groupId])
  return scopes
}
