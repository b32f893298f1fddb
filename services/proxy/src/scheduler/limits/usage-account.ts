import type { LimitReason, LimitSet, PeriodTotals, QuotaLimit } from './limit-types.ts'
import { RateMeter } from './rate-meter.ts'
import { nextUtcDayStart, nextUtcMonthStart, utcDayStart, utcMonthStart } from './utc-periods.ts'

export interface LimitBreach {
  reason: LimitReason
  retryAfterMs: number
}

// How long until a request in flight ends is unknown; a second is the honest shortest retry.
const concurrencyRetryMs = 1000

/** The quota levels reported once per period (alert rules "a key at X % of its quota" build on them). */
export const quotaThresholds = [100, 90, 80, 50] as const

export type OnQuotaCrossed = (limit: QuotaLimit, percent: number) => void

/** What one key or one group has in flight and has spent, measured against the limits it is given. */
export class UsageAccount {
  private inFlight = 0
  private readonly requests = new RateMeter()
  private readonly tokens = new RateMeter()
  // The per-minute limits last seen, so usage recorded between two checks drains at the right rate.
  private requestsPerMinute: number | null = null
  private tokensPerMinute: number | null = null
  // The quotas last seen, so a record can tell when it crossed a threshold.
  private dailyQuota: number | null = null
  private monthlyQuota: number | null = null
  private dayStartMs = 0
  private dayTokens = 0
  private monthStartMs = 0
  private monthTokens = 0

  /** Of the limits broken now, the one that clears last (the request passes only when all have). */
  check(limits: LimitSet, now: number): LimitBreach | undefined {
    this.roll(now)
    this.requestsPerMinute = limits.requestsPerMinute ?? null
    this.tokensPerMinute = limits.tokensPerMinute ?? null
    this.dailyQuota = limits.dailyTokenQuota ?? null
    this.monthlyQuota = limits.monthlyTokenQuota ?? null
    const { maxConcurrency, dailyTokenQuota, monthlyTokenQuota } = limits
    const rpm = this.requestsPerMinute
    const tpm = this.tokensPerMinute
    const breaches: LimitBreach[] = []
    if (maxConcurrency != null && this.inFlight >= maxConcurrency) {
      breaches.push({ reason: 'concurrency', retryAfterMs: concurrencyRetryMs })
    }
    if (rpm !== null && this.requests.levelAt(rpm, now) + 1 > rpm) {
      breaches.push({ reason: 'rpm', retryAfterMs: this.requests.msUntil(rpm - 1, rpm, now) })
    }
    if (tpm !== null && this.tokens.levelAt(tpm, now) >= tpm) {
      breaches.push({ reason: 'tpm', retryAfterMs: this.tokens.msUntil(tpm, tpm, now) })
    }
    if (dailyTokenQuota != null && this.dayTokens >= dailyTokenQuota) {
      breaches.push({ reason: 'daily-quota', retryAfterMs: nextUtcDayStart(now) - now })
    }
    if (monthlyTokenQuota != null && this.monthTokens >= monthlyTokenQuota) {
      breaches.push({ reason: 'monthly-quota', retryAfterMs: nextUtcMonthStart(now) - now })
    }
    return breaches.reduce<LimitBreach | undefined>(
      (latest, breach) => (latest && latest.retryAfterMs >= breach.retryAfterMs ? latest : breach),
      undefined,
    )
  }

  /** Counts an admitted request: one more in flight, one more against the per-minute request limit. */
  take(now: number): void {
    this.inFlight++
    if (this.requestsPerMinute !== null) this.requests.add(1, this.requestsPerMinute, now)
  }

  release(): void {
    this.inFlight--
  }

  /**
   * Counts tokens; `onCrossed` hears of each quota whose use this record took past a threshold. The
   * level before the record is the period's own (rolled, or seeded after a restart), so each threshold
   * is reported once per period.
   */
  record(tokens: number, now: number, onCrossed?: OnQuotaCrossed): void {
    this.roll(now)
    const dayBefore = this.dayTokens
    const monthBefore = this.monthTokens
    this.dayTokens += tokens
    this.monthTokens += tokens
    if (this.tokensPerMinute !== null) this.tokens.add(tokens, this.tokensPerMinute, now)
    if (!onCrossed) return
    reportCrossing(dayBefore, this.dayTokens, this.dailyQuota, 'daily-quota', onCrossed)
    reportCrossing(monthBefore, this.monthTokens, this.monthlyQuota, 'monthly-quota', onCrossed)
  }

  /** Replaces the current periods' totals with those kept in the database. */
  seed(totals: PeriodTotals, now: number): void {
    this.roll(now)
    this.dayTokens = totals.dayTokens
    this.monthTokens = totals.monthTokens
  }

  /**
   * Nothing here that forgetting would change: nothing in flight, rate meters drained and no tokens this
   * month (a month's total is the quota's memory, so it stays until the month ends).
   */
  isIdle(now: number): boolean {
    this.roll(now)
    return (
      this.inFlight === 0 &&
      this.monthTokens === 0 &&
      drained(this.requests, this.requestsPerMinute, now) &&
      drained(this.tokens, this.tokensPerMinute, now)
    )
  }

  private roll(now: number): void {
    const dayStart = utcDayStart(now)
    if (dayStart !== this.dayStartMs) {
      this.dayStartMs = dayStart
      this.dayTokens = 0
    }
    const monthStart = utcMonthStart(now)
    if (monthStart !== this.monthStartMs) {
      this.monthStartMs = monthStart
      this.monthTokens = 0
    }
  }
}

function reportCrossing(
  before: number,
  after: number,
  quota: number | null,
  limit: QuotaLimit,
  onCrossed: OnQuotaCrossed,
): void {
  if (quota === null || quota <= 0) return
  for (const percent of quotaThresholds) {
    const level = (quota * percent) / 100
    if (after < level) continue
    if (before < level) onCrossed(limit, percent)
    return
  }
}

// A meter whose limit was lifted no longer holds anything worth keeping.
function drained(meter: RateMeter, perMinute: number | null, now: number): boolean {
  return perMinute === null || meter.levelAt(perMinute, now) === 0
}
