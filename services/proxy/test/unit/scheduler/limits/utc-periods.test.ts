import { describe, expect, it } from 'vitest'
import {
  nextUtcDayStart,
  nextUtcMonthStart,
  utcDayStart,
  utcMonthStart,
} from '../../../../src/scheduler/limits/utc-periods.ts'

describe('UTC calendar periods', () => {
  it('finds the UTC day around a time, whatever the local time zone', () => {
    const t = Date.UTC(2024, 1, 29, 23, 59, 59, 999)
    expect(utcDayStart(t)).toBe(Date.UTC(2024, 1, 29))
    expect(nextUtcDayStart(t)).toBe(Date.UTC(2024, 2, 1))
    expect(utcDayStart(Date.UTC(2024, 2, 1))).toBe(Date.UTC(2024, 2, 1))
  })

  it('finds the UTC month around a time, across a leap February and a year end', () => {
    expect(utcMonthStart(Date.UTC(2024, 1, 29, 12))).toBe(Date.UTC(2024, 1, 1))
    expect(nextUtcMonthStart(Date.UTC(2024, 1, 29, 12))).toBe(Date.UTC(2024, 2, 1))
    expect(nextUtcMonthStart(Date.UTC(2025, 11, 31, 23, 59))).toBe(Date.UTC(2026, 0, 1))
  })
})
