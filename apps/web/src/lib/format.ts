const numberFormat = new Intl.NumberFormat()
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })

export const formatNumber = (value: number) => numberFormat.format(value)
export const formatCompact = (value: number) => compactFormat.format(value)
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso))
export const formatDay = (iso: string) => dayFormat.format(new Date(iso))

/** "3 s", "2 min 5 s", "about 1 h": for queue waits and retry times. */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
  return `about ${Math.round(minutes / 60)} h`
}

export const formatMilliseconds = (ms: number) =>
  ms < 1000 ? `${Math.round(ms)} ms` : formatSeconds(ms / 1000)
