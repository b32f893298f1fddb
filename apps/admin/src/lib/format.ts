const numberFormat = new Intl.NumberFormat()
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

export const formatNumber = (value: number) => numberFormat.format(value)
/** A list's total as the server counted it: “10,000+” when it stopped counting at its cap. */
export const formatTotal = (list: { total: number; total_exact: boolean }) =>
  `${formatNumber(list.total)}${list.total_exact ? '' : '+'}`
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso))

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
]

/** “3 minutes ago”, “in 2 days”: for last use and expiry, with the exact time in a title. */
export function formatRelative(iso: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit)
    value /= size
  }
  return formatDateTime(iso)
}

/** Bytes as people read them: 4.7 GB (decimal units, as Ollama prints sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`
}

/** A count with its noun: “1 user”, “3 users”. */
export const plural = (count: number, noun: string, plural = `${noun}s`) =>
  `${formatNumber(count)} ${count === 1 ? noun : plural}`
