/** One identity's limits; null or undefined means unlimited, 0 means none allowed. */
export interface LimitSet {
  /** Requests in flight: waiting in the queue plus running. */
  maxConcurrency?: number | null
  requestsPerMinute?: number | null
  tokensPerMinute?: number | null
  /** Tokens (prompt + output) per UTC calendar day. */
  dailyTokenQuota?: number | null
  /** Tokens (prompt + output) per UTC calendar month. */
  monthlyTokenQuota?: number | null
}

export type LimitScope = 'key' | 'group'

export type LimitReason = 'concurrency' | 'rpm' | 'tpm' | 'daily-quota' | 'monthly-quota'

/** Who a request counts against; a null id skips that scope (a browser session has no key). */
export interface LimitSubject {
  keyId: string | null
  groupId: string | null
  /** Whose request it is, for the reports of `onQuotaCrossed`. */
  userId?: string | null
}

export type QuotaLimit = 'daily-quota' | 'monthly-quota'

/** A key's or group's quota use has just crossed one of `quotaThresholds` in its period. */
export interface QuotaCrossing {
  subject: LimitSubject
  scope: LimitScope
  id: string
  limit: QuotaLimit
  /** The highest threshold crossed by this record (50, 80, 90 or 100). */
  percent: number
}

export interface SubjectLimits {
  key?: LimitSet | null
  group?: LimitSet | null
}

export interface LimitRejection {
  ok: false
  reason: LimitReason
  scope: LimitScope
  /** When the request would pass, at the earliest (the latest of all limits it breaks). */
  retryAfterSeconds: number
}

export interface Admission {
  ok: true
  /** Call once when the request leaves (finished, failed, cancelled, timed out, refused by the queue). */
  readonly release: () => void
}

export type AdmissionResult = Admission | LimitRejection

/** Totals already spent in the current periods, read from the usage records at start. */
export interface PeriodTotals {
  dayTokens: number
  monthTokens: number
}
