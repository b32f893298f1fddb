import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

describe('scheduler visibility', () => {
  it('ranks waiting requests by effective priority, then counter, then arrival', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 60_000 })
    harness.add('busy', { userId: 'other' })
    harness.add('heavy-low', { userId: 'heavy', priority: 3 })
    harness.add('light-low', { userId: 'light', priority: 3 })
    harness.add('heavy-now', { userId: 'heavy', priority: 5, estimatedPromptTokens: 1000 })
    harness.complete('busy') // heavy-now runs: heavy's counter is now 1000 above light's
    harness.clock.advance(60_000)
    harness.add('fresh-high', { userId: 'other', priority: 4 })
    harness.add('fresh-top', { userId: 'other', priority: 9 })
    const { waiting } = harness.scheduler.snapshot()
    expect(waiting.map(({ id, effectivePriority, position }) => [id, effectivePriority, position])).toEqual([
      ['fresh-top', 9, 1],
      ['light-low', 4, 2], // aged one step; same counter as fresh-high (the lift) and arrived earlier
      ['fresh-high', 4, 3],
      ['heavy-low', 4, 4], // arrived before fresh-high, but its user's counter is higher
    ])
    expect(waiting[1]).toMatchObject({
      userId: 'light',
      priority: 3,
      waitedMs: 60_000,
      keyId: null,
      model: 'llama3',
    })
  })

  it('answers position() with the rank snapshot() shows, and undefined for a request not waiting', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 10_000 })
    harness.add('running')
    for (let i = 0; i < 30; i++) {
      harness.add(`r${i}`, { userId: `u${i % 4}`, priority: 1 + (i % 10), estimatedPromptTokens: i })
      harness.clock.advance(1_500)
    }
    for (const { id, position } of harness.scheduler.snapshot().waiting) {
      expect(harness.scheduler.position(id)).toBe(position)
    }
    expect(harness.scheduler.position('running')).toBeUndefined()
    expect(harness.scheduler.position('unknown')).toBeUndefined()
  })

  it('estimates the wait as position ÷ slots serving the model × mean service time of the model', () => {
    const harness = new SchedulerHarness({}, [
      backend('b1', { slots: 2, models: new Set(['llama3']) }),
      backend('b2', { slots: 2, models: new Set(['other']) }),
    ])
    harness.add('warm', { model: 'llama3' })
    harness.clock.advance(30_000)
    harness.complete('warm')
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) harness.add(id, { userId: id })
    expect(harness.scheduler.position('r5')).toBe(3)
    expect(harness.scheduler.estimatedWaitMs('r5')).toBe((3 / 2) * 30_000)
    expect(harness.scheduler.estimatedWaitMs('r1')).toBeUndefined()
  })

  it('falls back to the initial service time before anything has finished', () => {
    const harness = new SchedulerHarness({ initialServiceTimeMs: 8_000 })
    harness.add('r1')
    harness.add('r2')
    expect(harness.scheduler.estimatedWaitMs('r2')).toBe(8_000)
  })

  it('shows running requests, backends, users and totals', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 }), backend('b2', { draining: true })])
    harness.add('r1', { keyId: 'key-1' })
    harness.clock.advance(2_500)
    harness.add('r2', { userId: 'bob', priority: 7 })
    harness.add('r3', { userId: 'bob' })
    const snapshot = harness.scheduler.snapshot()
    expect(snapshot.running).toEqual([
      {
        id: 'r1',
        userId: 'alice',
        keyId: 'key-1',
        model: 'llama3',
        priority: 5,
        backendId: 'b1',
        startedMs: 0,
        runningMs: 2_500,
      },
      {
        id: 'r2',
        userId: 'bob',
        keyId: null,
        model: 'llama3',
        priority: 7,
        backendId: 'b1',
        startedMs: 2_500,
        runningMs: 0,
      },
    ])
    expect(snapshot.backends).toEqual([
      { id: 'b1', slots: 2, busy: 2, healthy: true, draining: false, loadedModels: ['llama3'] },
      { id: 'b2', slots: 1, busy: 0, healthy: true, draining: true, loadedModels: [] },
    ])
    expect(snapshot.users).toEqual([
      { userId: 'alice', counter: 10, waiting: 0, running: 1 },
      { userId: 'bob', counter: 20, waiting: 1, running: 1 },
    ])
    expect(snapshot.totals).toEqual({ waiting: 1, running: 2, slots: 2, busy: 2 })
  })

  it('counts what happened in stats()', () => {
    const harness = new SchedulerHarness({ maxQueueLength: 2, maxWaitMs: 1_000 })
    harness.add('r1')
    harness.add('r2')
    harness.add('r3').cancel()
    harness.add('r4')
    expect(harness.enqueue('r5').ok).toBe(false)
    harness.lease('r1').fail()
    harness.scheduler.setBackend(backend('b1', { healthy: false }))
    harness.lease('r2').requeue()
    harness.clock.advance(1_000)
    expect(harness.timedOut).toEqual(['r4', 'r2'])
    expect(harness.scheduler.stats()).toEqual({
      waiting: 0,
      running: 0,
      dispatched: 2,
      completed: 0,
      failed: 1,
      requeued: 1,
      cancelled: 1,
      timeouts: 2,
      rejected: { 'queue-full': 1, 'user-queue-full': 0 },
      slotViolations: 0,
      headScans: expect.any(Number) as number,
    })
  })

  it('applies new settings without a restart', () => {
    const harness = new SchedulerHarness({ maxQueueLength: 1 })
    harness.add('busy')
    harness.add('r1')
    expect(harness.enqueue('r2').ok).toBe(false)
    harness.scheduler.updateOptions({ maxQueueLength: 5, agingIntervalMs: 1_000 })
    expect(harness.enqueue('r2').ok).toBe(true)
    harness.clock.advance(3_000)
    expect(harness.scheduler.snapshot().waiting[0]?.effectivePriority).toBe(8)
    expect(() => harness.scheduler.updateOptions({ maxWaitMs: -1 })).toThrow(RangeError)
  })
})
