import { formatNumber } from '../../../lib/format.ts'

/** A rate with sensible precision: 0.42, 12.3, 1,234. */
export function formatRate(value: number): string {
  if (value === 0) return '0'
  if (value < 10) return value.toFixed(2)
  if (value < 100) return value.toFixed(1)
  return formatNumber(Math.round(value))
}

/** A latency from a histogram bin: "≤ 250 ms", "≤ 3.2 s"; a dash when nothing was measured. */
export function formatMs(value: number | null): string {
  if (value === null) return '–'
  return value >= 1000
    ? `≤ ${(value / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`
    : `≤ ${value} ms`
}

/** A bucket's start as a chart label, in the report's time zone. */
export function bucketLabel(iso: string, bucket: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === '1d'
      ? { timeZone, month: 'short', day: 'numeric' }
      : bucket === '1h'
        ? { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
        : { timeZone, hour: '2-digit', minute: '2-digit' }
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso))
}
