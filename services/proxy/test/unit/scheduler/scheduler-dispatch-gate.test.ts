import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

/** The gate is the scheduler lease among replicas: closed, nothing starts; opened, the order holds. */
describe('the dispatch gate', () => {
  it('starts nothing while closed, not even a request that finds a free slot', () => {
    const gate = { open: false }
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 })], () => gate.open)
    harness.add('a')
    harness.add('b', { userId: 'bob' })
    expect(harness.dispatched).toEqual([])
    expect(harness.waitingOrder()).toEqual(['a', 'b'])
    gate.open = true
    harness.scheduler.resume()
    expect(harness.dispatched).toEqual(['a', 'b'])
  })

  it('dispatches in the order it would have without the gate once it opens', () => {
    const gate = { open: false }
    const gated = new SchedulerHarness({}, [backend('b1')], () => gate.open)
    const free = new SchedulerHarness({}, [backend('b1', { slots: 0 })])
    for (const harness of [gated, free]) {
      harness.add('low', { priority: 2 })
      harness.clock.advance(10)
      harness.add('high', { userId: 'bob', priority: 9 })
      harness.add('mid', { userId: 'carol', priority: 5 })
    }
    expect(gated.waitingOrder()).toEqual(free.waitingOrder())
    gate.open = true
    gated.scheduler.resume()
    for (const id of free.waitingOrder()) {
      expect(gated.dispatched.at(-1)).toBe(id)
      gated.complete(id)
    }
    expect(gated.dispatched).toEqual(['high', 'mid', 'low'])
  })

  it('stops between two dispatches when the gate closes, and a freed slot then stays free', () => {
    const gate = { open: true }
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 3 })], () => gate.open)
    harness.onDispatch = () => {
      gate.open = false // the lease lapsed while the first request was being started
    }
    gate.open = false
    harness.add('a')
    harness.add('b', { userId: 'bob' })
    harness.add('c', { userId: 'carol' })
    gate.open = true
    harness.scheduler.resume()
    expect(harness.dispatched).toEqual(['a'])
    harness.complete('a')
    expect(harness.dispatched).toEqual(['a'])
    expect(harness.scheduler.stats()).toMatchObject({ waiting: 2 })
  })
})
