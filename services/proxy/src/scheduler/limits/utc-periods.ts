// Epoch time has no leap seconds, so every UTC day is exactly this long.
const dayMs = 86_400_000

export function utcDayStart(ms: number): number {
  return Math.floor(ms / dayMs) * dayMs
}

export function nextUtcDayStart(ms: number): number {
  return utcDayStart(ms) + dayMs
}

export function utcMonthStart(ms: number): number {
  const date = new Date(ms)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
}

/** `Date.UTC` carries month 12 into January of the next year. */
export function nextUtcMonthStart(ms: number): number {
  const date = new Date(ms)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
}
