import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../../src/scheduler/fake-clock.ts'
import { AdmissionLimits } from '../../../../src/scheduler/limits/admission-limits.ts'
import type { AdmissionResult, LimitSet } from '../../../../src/scheduler/limits/limit-types.ts'

const minute = 60_000
const hour = 60 * minute

function setup(startMs = Date.UTC(2025, 5, 10, 12, 0)) {
  const clock = new FakeClock(startMs)
  const limits = new AdmissionLimits({ now: () => clock.now() })
  const subject = { keyId: 'key-1', groupId: 'staff' }
  const admitKey = (key: LimitSet, group: LimitSet = {}) => limits.admit(subject, { key, group })
  return { clock, limits, subject, admitKey }
}

function admitted(result: AdmissionResult): () => void {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return result.release
}

describe('admission limits', () => {
  it('admits everything when no limit is set', () => {
    const { limits, subject } = setup()
    for (let i = 0; i < 1000; i++) expect(limits.admit(subject, {}).ok).toBe(true)
    limits.record(subject, 1e9)
    expect(limits.admit(subject, { key: { maxConcurrency: null, dailyTokenQuota: undefined } }).ok).toBe(true)
  })

  it('refuses beyond the concurrency limit until a request in flight is released', () => {
    const { admitKey } = setup()
    const first = admitted(admitKey({ maxConcurrency: 2 }))
    admitted(admitKey({ maxConcurrency: 2 }))
    expect(admitKey({ maxConcurrency: 2 })).toEqual({
      ok: false,
      reason: 'concurrency',
      scope: 'key',
      retryAfterSeconds: 1,
    })
    first()
    first() // releasing twice frees one place only
    admitted(admitKey({ maxConcurrency: 2 }))
    expect(admitKey({ maxConcurrency: 2 }).ok).toBe(false)
  })

  it("counts every key of a group against the group's concurrency", () => {
    const { limits } = setup()
    const group = { maxConcurrency: 2 }
    admitted(limits.admit({ keyId: 'a', groupId: 'lab' }, { group }))
    admitted(limits.admit({ keyId: 'b', groupId: 'lab' }, { group }))
    expect(limits.admit({ keyId: 'c', groupId: 'lab' }, { group })).toMatchObject({
      reason: 'concurrency',
      scope: 'group',
    })
    expect(limits.admit({ keyId: 'd', groupId: 'other-lab' }, { group }).ok).toBe(true)
  })

  it('allows a burst up to the per-minute request limit, then one more per 60/limit seconds', () => {
    const { clock, admitKey } = setup()
    const rpm = { requestsPerMinute: 6 }
    for (let i = 0; i < 6; i++) admitted(admitKey(rpm))
    expect(admitKey(rpm)).toEqual({ ok: false, reason: 'rpm', scope: 'key', retryAfterSeconds: 10 })
    clock.advance(9_999)
    expect(admitKey(rpm).ok).toBe(false)
    clock.advance(1)
    admitted(admitKey(rpm))
    expect(admitKey(rpm).ok).toBe(false)
  })

  it('does not count refused requests against the per-minute request limit', () => {
    const { clock, admitKey } = setup()
    const rpm = { requestsPerMinute: 60 }
    for (let i = 0; i < 60; i++) admitted(admitKey(rpm))
    for (let i = 0; i < 100; i++) expect(admitKey(rpm).ok).toBe(false)
    clock.advance(1_000)
    admitted(admitKey(rpm))
  })

  it('refuses while recorded tokens exceed the per-minute token limit, for as long as the excess takes to drain', () => {
    const { clock, subject, limits, admitKey } = setup()
    const tpm = { tokensPerMinute: 1000 }
    admitted(admitKey(tpm))
    limits.record(subject, 3000)
    // 3000 recorded against 1000 a minute: back under the limit once 2000 have drained, in two minutes.
    expect(admitKey(tpm)).toEqual({ ok: false, reason: 'tpm', scope: 'key', retryAfterSeconds: 120 })
    clock.advance(2 * minute - 1_000)
    expect(admitKey(tpm).ok).toBe(false)
    clock.advance(1_001)
    admitted(admitKey(tpm))
  })

  it('refuses once the daily quota is spent, until the next UTC midnight', () => {
    const { clock, subject, limits, admitKey } = setup(Date.UTC(2025, 5, 10, 21, 30))
    const daily = { dailyTokenQuota: 1000 }
    admitted(admitKey(daily))
    limits.record(subject, 999)
    admitted(admitKey(daily))
    limits.record(subject, 1)
    expect(admitKey(daily)).toEqual({
      ok: false,
      reason: 'daily-quota',
      scope: 'key',
      retryAfterSeconds: 2.5 * 3600,
    })
    clock.advance(2.5 * hour - 1_000)
    expect(admitKey(daily).ok).toBe(false)
    clock.advance(1_000)
    admitted(admitKey(daily))
  })

  it('refuses once the monthly quota is spent, until the first of the next UTC month', () => {
    const { clock, subject, limits, admitKey } = setup(Date.UTC(2025, 0, 31, 23, 0))
    const monthly = { monthlyTokenQuota: 50_000 }
    limits.record(subject, 50_000)
    expect(admitKey(monthly)).toEqual({
      ok: false,
      reason: 'monthly-quota',
      scope: 'key',
      retryAfterSeconds: 3600,
    })
    clock.advance(hour)
    admitted(admitKey(monthly))
  })

  it('rolls the month over at the end of December into January of the next year', () => {
    const { clock, subject, limits } = setup(Date.UTC(2025, 11, 15))
    const group = { monthlyTokenQuota: 10 }
    limits.record(subject, 10)
    expect(limits.admit(subject, { group })).toEqual({
      ok: false,
      reason: 'monthly-quota',
      scope: 'group',
      retryAfterSeconds: 17 * 24 * 3600,
    })
    clock.advance(17 * 24 * hour)
    expect(limits.admit(subject, { group }).ok).toBe(true)
  })

  it('reports the limit that clears last when several are broken', () => {
    const { subject, limits, admitKey } = setup(Date.UTC(2025, 5, 10, 12, 0))
    admitted(admitKey({ requestsPerMinute: 1 }))
    limits.record(subject, 100)
    expect(admitKey({ requestsPerMinute: 1 }, { dailyTokenQuota: 100 })).toEqual({
      ok: false,
      reason: 'daily-quota',
      scope: 'group',
      retryAfterSeconds: 12 * 3600,
    })
  })

  it("starts from the current periods' totals seeded from the database", () => {
    const { limits, admitKey } = setup()
    limits.seed('key', 'key-1', { dayTokens: 500, monthTokens: 9_000 })
    limits.seed('group', 'staff', { dayTokens: 0, monthTokens: 20_000 })
    expect(admitKey({ dailyTokenQuota: 500 })).toMatchObject({
      ok: false,
      reason: 'daily-quota',
      scope: 'key',
    })
    expect(admitKey({ monthlyTokenQuota: 10_000 }).ok).toBe(true)
    expect(admitKey({}, { monthlyTokenQuota: 20_000 })).toMatchObject({
      ok: false,
      reason: 'monthly-quota',
      scope: 'group',
    })
  })

  it('treats a limit of 0 as nothing allowed', () => {
    const { admitKey } = setup()
    expect(admitKey({ requestsPerMinute: 0 })).toMatchObject({
      ok: false,
      reason: 'rpm',
      retryAfterSeconds: 60,
    })
    expect(admitKey({ maxConcurrency: 0 })).toMatchObject({ ok: false, reason: 'concurrency' })
    expect(admitKey({ dailyTokenQuota: 0 })).toMatchObject({ ok: false, reason: 'daily-quota' })
  })

  it('checks only the scopes a request has', () => {
    const { limits } = setup()
    const tight = { maxConcurrency: 0 }
    expect(limits.admit({ keyId: null, groupId: null }, { key: tight, group: tight }).ok).toBe(true)
    expect(limits.admit({ keyId: null, groupId: 'g' }, { key: tight })).toMatchObject({ ok: true })
  })

  it('forgets idle keys, but keeps a month total until the month is over', () => {
    const { clock, limits } = setup(Date.UTC(2025, 5, 29, 12, 0))
    for (let i = 0; i < 1000; i++) {
      const release = admitted(
        limits.admit({ keyId: `k${i}`, groupId: null }, { key: { requestsPerMinute: 10 } }),
      )
      release()
    }
    limits.record({ keyId: 'spender', groupId: null }, 10)
    expect(limits.size).toBe(1001)
    clock.advance(2 * minute)
    limits.admit({ keyId: 'k0', groupId: null }, {})
    expect(limits.size).toBe(2) // spender (tokens this month) and k0 (just used)
    clock.advance(2 * 24 * hour)
    limits.admit({ keyId: 'k0', groupId: null }, {})
    expect(limits.size).toBe(1)
  })

  it('keeps a key with a request in flight however long it runs', () => {
    const { clock, limits } = setup()
    const release = admitted(limits.admit({ keyId: 'long', groupId: null }, { key: { maxConcurrency: 1 } }))
    clock.advance(hour)
    limits.admit({ keyId: 'other', groupId: null }, {})
    expect(limits.admit({ keyId: 'long', groupId: null }, { key: { maxConcurrency: 1 } }).ok).toBe(false)
    release()
    expect(limits.admit({ keyId: 'long', groupId: null }, { key: { maxConcurrency: 1 } }).ok).toBe(true)
  })
})
