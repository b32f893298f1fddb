import type { Limits } from '@corral/contracts'

/** The five limits a group or a key can carry, in the order the forms show them. */
export const limitFields = [
  { key: 'max_concurrency', label: 'Concurrent requests', unit: 'at once' },
  { key: 'requests_per_minute', label: 'Requests per minute', unit: 'per minute' },
  { key: 'tokens_per_minute', label: 'Tokens per minute', unit: 'per minute' },
  { key: 'daily_token_quota', label: 'Daily token quota', unit: 'per day (UTC)' },
  { key: 'monthly_token_quota', label: 'Monthly token quota', unit: 'per month (UTC)' },
] as const satisfies readonly { key: keyof Limits; label: string; unit: string }[]

/** In a form, an empty limit means none. */
export type LimitValues = Record<keyof Limits, number | ''>

export function limitValues(limits: Limits | null): LimitValues {
  const values = {} as LimitValues
  for (const { key } of limitFields) values[key] = limits?.[key] ?? ''
  return values
}

export function limitsRequest(values: LimitValues): Limits {
  const limits = {} as Limits
  for (const { key } of limitFields) {
    const value = values[key]
    limits[key] = value === '' ? null : value
  }
  return limits
}

/** "1,000 per minute", "unlimited". */
export const describeLimit = (value: number | null, unit = '') =>
  value === null ? 'unlimited' : `${new Intl.NumberFormat().format(value)}${unit ? ` ${unit}` : ''}`
