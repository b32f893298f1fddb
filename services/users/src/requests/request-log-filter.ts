import { Errors, maxStatsRangeDays } from '@corral/core'
import type { RequestLogExportQuery } from '@corral/contracts'
import type { RequestLogFilter } from './request-log-repository.ts'

type FilterQuery = Omit<RequestLogExportQuery, 'format'>

const dayMs = 86_400_000
/** The dashboards' limit: a longer range is a typo (a year 20026), not a question; export longer periods in parts. */
const maxRangeDays = maxStatsRangeDays
const earliest = Date.UTC(2000, 0, 1)

/**
 * The query's filters as the repository takes them, refusing what cannot be meant: a reversed or
 * empty range, one longer than 400 days, or dates before 2000 or more than a day ahead.
 */
export function requestLogFilterOf(query: FilterQuery, now = Date.now()): RequestLogFilter {
  const from = query.from === undefined ? undefined : dateOf(query.from, 'from', now)
  const to = query.to === undefined ? undefined : dateOf(query.to, 'to', now)
  if (from && to && from >= to)
    throw new Errors.validation(
      `The range is reversed or empty: from (${query.from}) must be before to (${query.to})`,
    )
  if (from && (to?.getTime() ?? now) - from.getTime() > maxRangeDays * dayMs)
    throw new Errors.validation(
      `The range is longer than ${maxRangeDays} days; export longer periods in parts`,
    )
  return {
    userId: query.user_id,
    keyId: query.key_id,
    groupId: query.group_id,
    model: query.model,
    backendId: query.backend_id,
    endpoint: query.endpoint,
    status: query.status === undefined ? undefined : statusRange(query.status),
    from,
    to,
  }
}

function dateOf(text: string, parameter: string, now: number): Date {
  const date = new Date(text)
  const time = date.getTime()
  if (Number.isNaN(time) || time < earliest || time > now + dayMs)
    throw new Errors.validation(`${parameter} (${text}) must be a time between 2000 and tomorrow`)
  return date
}

/** `503` is that status; `5xx` is the class 5 (500–599). The contract's pattern has already checked the form. */
function statusRange(status: string): RequestLogFilter['status'] {
  return status.endsWith('xx') ? { class: Number(status[0]) } : { exact: Number(status) }
}
