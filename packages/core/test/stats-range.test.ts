import { describe, expect, it } from 'vitest'
import { resolveStatsRange, zoneOffsetMs } from '../src/stats/index.ts'

describe('the dashboards range', () => {
  const now = Date.parse('2026-03-15T10:07:30Z')

  it('snaps a preset outwards to the quarter hour and picks the bucket from its length', () => {
    const range = resolveStatsRange({ preset: '1h' }, 'UTC', now)
    expect(range.from.toISOString()).toBe('2026-03-15T09:00:00.000Z')
    expect(range.to.toISOString()).toBe('2026-03-15T10:15:00.000Z')
    expect(range.bucket).toBe('1m')
    expect(resolveStatsRange({ preset: '30d' }, 'UTC', now).bucket).toBe('1d')
  })

  it('lays out local days in a half-hour zone, the first one cut at the range start', () => {
    const range = resolveStatsRange(
      { from: '2026-03-10T06:00:00Z', to: '2026-03-12T00:00:00Z', bucket: '1d' },
      'Asia/Kolkata',
    )
    expect(range.bucketStarts.map((start) => new Date(start).toISOString())).toEqual([
      '2026-03-10T06:00:00.000Z',
      '2026-03-10T18:30:00.000Z',
      '2026-03-11T18:30:00.000Z',
      '2026-03-12T00:00:00.000Z',
    ])
  })

  it('follows a clock change: a New York day in March is 23 hours', () => {
    const range = resolveStatsRange(
      { from: '2026-03-08T05:00:00Z', to: '2026-03-10T04:00:00Z', bucket: '1d' },
      'America/New_York',
    )
    const starts = range.bucketStarts
    expect(starts[1]! - starts[0]!).toBe(23 * 3_600_000)
    expect(zoneOffsetMs(Date.parse('2026-03-15T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000)
  })

  it('starts month to date at local midnight on the first', () => {
    const range = resolveStatsRange({ preset: 'mtd' }, 'Asia/Kolkata', now)
    expect(range.from.toISOString()).toBe('2026-02-28T18:30:00.000Z')
  })

  it('refuses reversed, over-long and unknown-zone ranges', () => {
    expect(() =>
      resolveStatsRange({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'UTC'),
    ).toThrow(/before it starts/)
    expect(() =>
      resolveStatsRange({ from: '2025-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'UTC'),
    ).toThrow(/at most 400 days/)
    expect(() => resolveStatsRange({ preset: '1h', tz: 'Nowhere/Land' }, 'UTC')).toThrow(/Nowhere\/Land/)
  })
})
