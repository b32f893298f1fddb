import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

describe('scheduler gauges for /metrics', () => {
  it('counts waiting requests by base priority, across users and models', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 1 })])
    harness.add('running', { priority: 9 })
    harness.add('a', { userId: 'u1', priority: 3 })
    harness.add('b', { userId: 'u2', priority: 3, model: 'other' })
    harness.add('c', { userId: 'u1', priority: 3 })
    harness.add('d', { userId: 'u1', priority: 7 })
    expect(Object.fromEntries(harness.scheduler.gauges().waitingByPriority)).toEqual({ 3: 3, 7: 1 })
    harness.tickets.get('d')!.cancel()
    expect(Object.fromEntries(harness.scheduler.gauges().waitingByPriority)).toEqual({ 3: 3 })
  })

  it('integrates busy slot-time exactly, the requests still running included', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 }), backend('b2', { slots: 1 })])
    harness.add('one', { userId: 'u1' }) // b1: most free slots
    harness.clock.advance(1_000)
    harness.add('two', { userId: 'u2' }) // b1 again: one free slot each, and b1 is the older backend
    harness.clock.advance(2_000)
    harness.complete('one')
    harness.clock.advance(500)
    const byId = new Map(harness.scheduler.gauges().backends.map((entry) => [entry.id, entry]))
    // one ran 3,000 ms; two has run 2,500 ms so far.
    expect(byId.get('b1')).toMatchObject({ slots: 2, busy: 1, healthy: true, busyMs: 5_500 })
    expect(byId.get('b2')).toMatchObject({ slots: 1, busy: 0, busyMs: 0 })
    harness.complete('two')
    harness.clock.advance(10_000)
    const after = harness.scheduler.gauges().backends.reduce((sum, entry) => sum + entry.busyMs, 0)
    expect(after).toBe(5_500)
    expect(harness.scheduler.gauges().backends.every((entry) => entry.busy === 0)).toBe(true)
  })

  it('does not count a requeued request twice', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 1 })])
    harness.add('r')
    harness.clock.advance(400)
    harness.lease('r').requeue() // dispatched again at once, on the same free slot
    harness.clock.advance(600)
    expect(harness.scheduler.gauges().backends[0]!.busyMs).toBe(1_000)
  })
})
