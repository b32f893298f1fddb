import { Errors } from '../errors/corral-errors.ts'
import { isTimeZone, wallClock, zonedInstant, zoneOffsetMs } from './time-zone.ts'

/** The range presets of the dashboards (docs/monitoring.md, "Dashboards"). */
export const statsPresets = ['15m', '1h', '6h', '24h', '7d', '30d', 'mtd'] as const
export type StatsPreset = (typeof statsPresets)[number]

export const statsBuckets = ['1m', '5m', '15m', '1h', '1d'] as const
export type StatsBucket = (typeof statsBuckets)[number]

/** A range may be at most this long: a year of daily buckets and some room, not decades. */
export const maxStatsRangeDays = 400
/** Buckets one answer may hold: a custom range with a small bucket is refused rather than huge. */
export const maxStatsBuckets = 2000

const minute = 60_000
/** The rollups' grid: every time zone's hours and midnights fall on it (see docs/monitoring.md). */
export const quarterHourMs = 15 * minute
const presetMs: Record<Exclude<StatsPreset, 'mtd'>, number> = {
  '15m': 15 * minute,
  '1h': 60 * minute,
  '6h': 360 * minute,
  '24h': 1440 * minute,
  '7d': 7 * 1440 * minute,
  '30d': 30 * 1440 * minute,
}
const fixedBucketMs: Record<Exclude<StatsBucket, '1d'>, number> = {
  '1m': minute,
  '5m': 5 * minute,
  '15m': quarterHourMs,
  '1h': 60 * minute,
}

export interface StatsRangeQuery {
  preset?: StatsPreset
  from?: string
  to?: string
  tz?: string
  bucket?: StatsBucket
}

export interface StatsRange {
  /** Snapped outwards to the quarter-hour grid, so every rollup row is wholly in or out. */
  from: Date
  to: Date
  timeZone: string
  bucket: StatsBucket
  /** The start of every bucket from `from` to `to`, and the end of the last one (`to`). */
  bucketStarts: number[]
}

/**
 * Turns a dashboard query into a checked range: a preset ends now, a custom range needs both ends;
 * the bucket follows the range's length unless one is asked for. Refuses reversed, over-long and
 * unknown-zone ranges with 400 and a message saying which limit was crossed.
 */
export function resolveStatsRange(
  query: StatsRangeQuery,
  defaultTimeZone: string,
  now = Date.now(),
): StatsRange {
  const timeZone = query.tz ?? defaultTimeZone
  if (!isTimeZone(timeZone)) {
    throw new Errors.unknownTimeZone(
      `"${timeZone}" is not a known IANA time zone (such as Europe/Berlin or UTC)`,
    )
  }
  let fromMs: number
  let toMs: number
  if (query.from !== undefined || query.to !== undefined) {
    if (query.from === undefined || query.to === undefined) {
      throw new Errors.invalidRange('A custom range needs both from and to')
    }
    fromMs = Date.parse(query.from)
    toMs = Date.parse(query.to)
  } else {
    const preset = query.preset ?? '24h'
    toMs = now
    fromMs = preset === 'mtd' ? monthStart(now, timeZone) : now - presetMs[preset]
  }
  if (!(toMs > fromMs))
    throw new Errors.invalidRange('The range ends before it starts: "to" must be after "from"')
  if (toMs - fromMs > maxStatsRangeDays * 1440 * minute) {
    throw new Errors.invalidRange(`The range is too long: at most ${maxStatsRangeDays} days`)
  }
  const from = Math.floor(fromMs / quarterHourMs) * quarterHourMs
  const to = Math.ceil(toMs / quarterHourMs) * quarterHourMs
  // By the length asked for: snapping makes a 1 h preset 75 minutes, still a 1-minute-bucket range.
  const bucket = query.bucket ?? bucketFor(toMs - fromMs)
  const bucketStarts = bucketBoundaries(from, to, bucket, timeZone)
  if (bucketStarts.length - 1 > maxStatsBuckets) {
    throw new Errors.invalidRange(
      `That bucket gives more than ${maxStatsBuckets} buckets over this range; choose a larger one`,
    )
  }
  return { from: new Date(from), to: new Date(to), timeZone, bucket, bucketStarts }
}

/** About 15 to 200 buckets whatever the range. */
export function bucketFor(lengthMs: number): StatsBucket {
  if (lengthMs <= 60 * minute) return '1m'
  if (lengthMs <= 360 * minute) return '5m'
  if (lengthMs <= 1440 * minute) return '15m'
  if (lengthMs <= 7 * 1440 * minute) return '1h'
  return '1d'
}

function monthStart(now: number, timeZone: string): number {
  const wall = wallClock(now, timeZone)
  return zonedInstant(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), 1), timeZone)
}

/**
 * Bucket starts as PostgreSQL's `date_bin` (fixed sizes, aligned to the epoch) and `date_trunc(…, tz)`
 * (hours and days in the zone) compute them, clipped to the range, plus `to` as the last boundary.
 */
function bucketBoundaries(from: number, to: number, bucket: StatsBucket, timeZone: string): number[] {
  const starts = [from]
  const next = (start: number): number => {
    if (bucket === '1d') {
      const wall = wallClock(start, timeZone)
      return zonedInstant(
        Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1),
        timeZone,
      )
    }
    const size = fixedBucketMs[bucket]
    const offset = bucket === '1h' ? zoneOffsetMs(start, timeZone) : 0
    return start - ((((start + offset) % size) + size) % size) + size
  }
  for (let start = next(from); start < to; start = next(start)) {
    starts.push(start)
    if (starts.length > maxStatsBuckets + 1) break
  }
  starts.push(to)
  return starts
}

/** Busy slot-time per backend id over a range: what the proxy turns into utilisation. */
export interface BackendBusy {
  range: StatsRange
  backends: Map<string, { requests: number; busyMs: number }>
}
