/**
 * Time-zone arithmetic for the dashboards without a date library: `Intl` knows the IANA database, and
 * an offset is all a bucket boundary needs.
 */

/** Whether `name` is a time zone `Intl` (and so the reporting) knows. */
export function isTimeZone(name: string): boolean {
  if (name === '' || name.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The zone's offset from UTC at `instant`, in milliseconds (+05:30 → 19,800,000). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]))
  const wall = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  )
  return wall - (instant - (instant % 1000))
}

/** The instant of a wall-clock time in the zone (the earlier one when a clock change repeats it). */
export function zonedInstant(wallUtcMs: number, timeZone: string): number {
  let guess = wallUtcMs - zoneOffsetMs(wallUtcMs, timeZone)
  guess = wallUtcMs - zoneOffsetMs(guess, timeZone)
  return guess
}

/** The wall-clock fields of `instant` in the zone, as a UTC timestamp (for calendar arithmetic). */
export function wallClock(instant: number, timeZone: string): Date {
  return new Date(instant + zoneOffsetMs(instant, timeZone))
}
