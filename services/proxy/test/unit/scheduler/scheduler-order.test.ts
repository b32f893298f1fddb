import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

describe('scheduler order', () => {
  it('dispatches a request at once, inside enqueue, when a slot is free', () => {
    const harness = new SchedulerHarness()
    harness.add('r1')
    expect(harness.dispatched).toEqual(['r1'])
    expect(harness.lease('r1')).toMatchObject({ requestId: 'r1', backendId: 'b1', queueWaitMs: 0 })
  })

  it('never runs more requests on a backend than it has slots', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 })])
    for (const id of ['r1', 'r2', 'r3', 'r4']) harness.add(id)
    expect(harness.dispatched).toEqual(['r1', 'r2'])
    expect(harness.scheduler.stats()).toMatchObject({ waiting: 2, running: 2, slotViolations: 0 })
  })

  it('gives a freed slot to the highest priority first', () => {
    const harness = new SchedulerHarness()
    harness.add('busy')
    harness.add('low', { priority: 2, userId: 'u1' })
    harness.add('high', { priority: 9, userId: 'u2' })
    harness.add('mid', { priority: 5, userId: 'u3' })
    harness.complete('busy')
    harness.complete('high')
    harness.complete('mid')
    expect(harness.dispatched).toEqual(['busy', 'high', 'mid', 'low'])
  })

  it("keeps one user's requests for a model and priority in arrival order", () => {
    const harness = new SchedulerHarness()
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5']
    for (const id of ids) harness.add(id)
    for (const id of ids) harness.complete(id)
    expect(harness.dispatched).toEqual(ids)
  })

  it('breaks a priority tie by the lower virtual counter, then by earlier arrival', () => {
    const harness = new SchedulerHarness()
    harness.add('busy')
    harness.add('heavy-1', { userId: 'heavy', estimatedPromptTokens: 1000 })
    harness.add('heavy-2', { userId: 'heavy' })
    harness.add('light-1', { userId: 'light' })
    harness.add('light-2', { userId: 'light' })
    // Equal counters (the lift): heavy-1 arrived first. Then heavy has been charged 1000, light nothing.
    harness.complete('busy')
    harness.complete('heavy-1', { promptTokens: 1000, outputTokens: 0 })
    harness.complete('light-1')
    harness.complete('light-2')
    expect(harness.dispatched).toEqual(['busy', 'heavy-1', 'light-1', 'light-2', 'heavy-2'])
  })

  it('keeps a low-priority request behind fresher high-priority ones until it has aged enough', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 30_000 })
    harness.add('busy')
    harness.add('old-low', { priority: 2, userId: 'u1' })
    harness.clock.advance(89_999) // two intervals waited: effective priority 4
    harness.add('fresh-high', { priority: 5, userId: 'u2' })
    harness.complete('busy')
    expect(harness.dispatched.at(-1)).toBe('fresh-high')
  })

  it('lets a low-priority request overtake fresher high-priority ones once it has aged past them', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 30_000 })
    harness.add('busy')
    harness.add('old-low', { priority: 2, userId: 'u1' })
    harness.clock.advance(120_000) // four intervals waited: effective priority 6
    harness.add('fresh-high', { priority: 5, userId: 'u2' })
    expect(harness.scheduler.snapshot().waiting[0]).toMatchObject({ id: 'old-low', effectivePriority: 6 })
    harness.complete('busy')
    expect(harness.dispatched.at(-1)).toBe('old-low')
  })

  it('bounds starvation: under a steady stream of priority 10, a priority 1 request starts within 10 intervals and one service time', () => {
    const agingIntervalMs = 30_000
    const serviceMs = 10_000
    const starvedAt = (aging: number): number | undefined => {
      const harness = new SchedulerHarness({ agingIntervalMs: aging })
      let next = 0
      const submitHigh = () => harness.add(`high-${next++}`, { priority: 10, userId: 'batch' })
      submitHigh()
      submitHigh()
      harness.add('low', { priority: 1, userId: 'student' })
      for (let t = 0; t < 3_600_000; t += serviceMs) {
        if (harness.dispatched.includes('low')) return t
        harness.clock.advance(serviceMs)
        submitHigh() // one new high-priority request per service time keeps the backlog steady
        harness.complete(harness.dispatched.at(-1)!)
      }
      return undefined
    }
    expect(starvedAt(agingIntervalMs)).toBeLessThanOrEqual((10 - 1 + 1) * agingIntervalMs + serviceMs)
    expect(starvedAt(0)).toBeUndefined()
  })

  it('does not let a request that cannot run anywhere block one that can (no head-of-line blocking)', () => {
    const harness = new SchedulerHarness({}, [
      backend('gpu-a', { models: new Set(['big']) }),
      backend('gpu-b', { models: new Set(['small']) }),
    ])
    harness.add('big-1', { model: 'big' })
    harness.add('big-2', { model: 'big', priority: 10, userId: 'vip' })
    harness.add('small-1', { model: 'small', priority: 1 })
    expect(harness.dispatched).toEqual(['big-1', 'small-1'])
  })

  it('is work-conserving: each freed slot is refilled at once while requests wait', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 3 })])
    for (let i = 0; i < 9; i++) harness.add(`r${i}`, { userId: `u${i % 3}` })
    for (let round = 0; round < 3; round++) {
      expect(harness.scheduler.snapshot().totals).toMatchObject({ running: 3, busy: 3 })
      for (const id of harness.dispatched.slice(round * 3, round * 3 + 3)) harness.complete(id)
    }
    expect(harness.dispatched).toHaveLength(9)
  })
})
