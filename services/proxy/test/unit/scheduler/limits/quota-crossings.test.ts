import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../../src/scheduler/fake-clock.ts'
import { AdmissionLimits } from '../../../../src/scheduler/limits/admission-limits.ts'
import type { LimitSet, QuotaCrossing } from '../../../../src/scheduler/limits/limit-types.ts'

const day = 24 * 60 * 60_000

function setup() {
  const clock = new FakeClock(Date.UTC(2025, 5, 10, 12, 0))
  const crossings: QuotaCrossing[] = []
  const limits = new AdmissionLimits({ now: () => clock.now(), onQuotaCrossed: (c) => crossings.push(c) })
  const subject = { keyId: 'key-1', groupId: 'staff', userId: 'user-1' }
  /** One request through admission (which tells the account its quotas) and its tokens. */
  const spend = (tokens: number, key: LimitSet = { dailyTokenQuota: 1000 }, group: LimitSet = {}) => {
    const admission = limits.admit(subject, { key, group })
    if (!admission.ok) throw new Error(`refused: ${admission.reason}`)
    limits.record(subject, tokens)
    admission.release()
  }
  const reported = () => crossings.map((c) => `${c.scope}:${c.limit}:${c.percent}`)
  return { clock, limits, subject, crossings, spend, reported }
}

describe('quota crossings', () => {
  it('reports 50, 80, 90 and 100 % of a daily quota once each, as use crosses them', () => {
    const { spend, reported, crossings } = setup()
    spend(400)
    expect(reported()).toEqual([])
    spend(100)
    expect(reported()).toEqual(['key:daily-quota:50'])
    spend(50)
    spend(260)
    expect(reported()).toEqual(['key:daily-quota:50', 'key:daily-quota:80'])
    spend(100)
    spend(100)
    expect(reported()).toEqual([
      'key:daily-quota:50',
      'key:daily-quota:80',
      'key:daily-quota:90',
      'key:daily-quota:100',
    ])
    expect(crossings[0]).toMatchObject({ id: 'key-1', subject: { userId: 'user-1' } })
  })

  it('reports only the highest threshold a single large record jumps past', () => {
    const { spend, reported } = setup()
    spend(950)
    expect(reported()).toEqual(['key:daily-quota:90'])
  })

  it('starts again in a new period', () => {
    const { spend, reported, clock } = setup()
    spend(600)
    clock.advance(day)
    spend(600)
    expect(reported()).toEqual(['key:daily-quota:50', 'key:daily-quota:50'])
  })

  it('counts from the seeded totals after a restart, so nothing crossed before is reported again', () => {
    const { spend, reported, limits } = setup()
    limits.seed('key', 'key-1', { dayTokens: 850, monthTokens: 850 })
    spend(10)
    expect(reported()).toEqual([])
    spend(50)
    expect(reported()).toEqual(['key:daily-quota:90'])
  })

  it('reports the group and the monthly quota on their own', () => {
    const { spend, reported } = setup()
    spend(600, {}, { monthlyTokenQuota: 1000 })
    expect(reported()).toEqual(['group:monthly-quota:50'])
  })

  it('reports nothing without quotas', () => {
    const { spend, reported } = setup()
    spend(1e6, {})
    expect(reported()).toEqual([])
  })
})
