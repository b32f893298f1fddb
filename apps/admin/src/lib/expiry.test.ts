import { describe, expect, it } from 'vitest'
import { expiresAt } from './expiry.ts'

describe('expiry choices', () => {
  const now = Date.UTC(2026, 0, 1)
  it('counts days from now, or never', () => {
    expect(expiresAt('30', null, now)).toBe('2026-01-31T00:00:00.000Z')
    expect(expiresAt('never', '2026-05-01', now)).toBeNull()
  })
  it('ends a chosen day at its last second, in local time', () => {
    expect(new Date(expiresAt('date', '2026-05-01', now)!).getDate()).toBe(1)
    expect(new Date(expiresAt('date', '2026-05-01', now)!).getHours()).toBe(23)
    expect(expiresAt('date', null, now)).toBeNull()
  })
})
