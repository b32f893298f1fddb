import { describe, expect, it } from 'vitest'
import { dailySeries, rangeStart } from './daily-series.ts'

describe('dailySeries', () => {
  const now = Date.parse('2026-03-10T15:00:00Z')

  it('starts a range at UTC midnight, today included', () => {
    expect(rangeStart(7, now)).toBe('2026-03-04T00:00:00.000Z')
  })

  it('fills days without usage with zeros and adds up buckets of one day', () => {
    const series = dailySeries(
      rangeStart(3, now),
      [
        { bucket_start: '2026-03-08T00:00:00Z', requests: 2, prompt_tokens: 10, output_tokens: 30 },
        { bucket_start: '2026-03-10T09:00:00Z', requests: 1, prompt_tokens: 5, output_tokens: 7 },
        { bucket_start: '2026-03-10T11:00:00Z', requests: 1, prompt_tokens: 1, output_tokens: 1 },
      ],
      now,
    )
    expect(series).toEqual([
      { day: '2026-03-08', requests: 2, prompt_tokens: 10, output_tokens: 30 },
      { day: '2026-03-09', requests: 0, prompt_tokens: 0, output_tokens: 0 },
      { day: '2026-03-10', requests: 2, prompt_tokens: 6, output_tokens: 8 },
    ])
  })
})
