import type { Limits } from '@corral/core'
import type { Limits as ApiLimits } from '@corral/contracts'

/** Groups and keys store the same five limit columns; these convert between the API and the rows. */
export function limitsFromRow(row: Limits): ApiLimits {
  return {
    max_concurrency: row.maxConcurrency,
    requests_per_minute: row.requestsPerMinute,
    tokens_per_minute: row.tokensPerMinute,
    daily_token_quota: row.dailyTokenQuota,
    monthly_token_quota: row.monthlyTokenQuota,
  }
}

export function limitsToRow(limits: Partial<ApiLimits> | undefined): Partial<Limits> {
  if (!limits) return {}
  const row: Partial<Limits> = {}
  if (limits.max_concurrency !== undefined) row.maxConcurrency = limits.max_concurrency
  if (limits.requests_per_minute !== undefined) row.requestsPerMinute = limits.requests_per_minute
  if (limits.tokens_per_minute !== undefined) row.tokensPerMinute = limits.tokens_per_minute
  if (limits.daily_token_quota !== undefined) row.dailyTokenQuota = limits.daily_token_quota
  if (limits.monthly_token_quota !== undefined) row.monthlyTokenQuota = limits.monthly_token_quota
  return row
}

export function pickLimits(row: Limits): Limits {
  return {
    maxConcurrency: row.maxConcurrency,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    dailyTokenQuota: row.dailyTokenQuota,
    monthlyTokenQuota: row.monthlyTokenQuota,
  }
}
