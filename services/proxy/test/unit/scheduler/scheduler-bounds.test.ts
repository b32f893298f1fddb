import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

/** Two slots, both busy, after enough 20-second requests that the mean service time is 20 s. */
function busyHarness(settings: ConstructorParameters<typeof SchedulerHarness>[0]) {
  const harness = new SchedulerHarness(settings, [backend('b1', { slots: 2 })])
  for (let i = 0; i < 4; i++) {
    harness.add(`warm-${i}`)
    harness.clock.advance(20_000)
    harness.complete(`warm-${i}`)
  }
  harness.add('busy-1')
  harness.add('busy-2')
  return harness
}

describe('scheduler bounds', () => {
  it('refuses beyond the global cap with queue-full and a Retry-After estimated from the queue', () => {
    const harness = busyHarness({ maxQueueLength: 4 })
    for (let i = 0; i < 4; i++) harness.add(`w${i}`, { userId: `u${i}` })
    // One request must leave the queue: one slot of two frees about every 20 s / 2.
    expect(harness.enqueue('over', { userId: 'late' })).toEqual({
      ok: false,
      reason: 'queue-full',
      retryAfterSeconds: 10,
    })
    expect(harness.scheduler.stats().rejected).toEqual({ 'queue-full': 1, 'user-queue-full': 0 })
  })

  it("refuses beyond the per-user cap with user-queue-full, estimating the user's fair share of dispatches", () => {
    const harness = busyHarness({ maxQueuePerUser: 2 })
    harness.add('a1', { userId: 'ann' })
    harness.add('a2', { userId: 'ann' })
    harness.add('b1', { userId: 'bob' })
    // Ann's next request fits once one of hers leaves: every second dispatch (two users), 10 s apart.
    expect(harness.enqueue('a3', { userId: 'ann' })).toEqual({
      ok: false,
      reason: 'user-queue-full',
      retryAfterSeconds: 20,
    })
    expect(harness.enqueue('b2', { userId: 'bob' }).ok).toBe(true)
  })

  it('admits a request that can start at once even when the queue is full', () => {
    const harness = new SchedulerHarness({ maxQueueLength: 0, maxQueuePerUser: 0 }, [
      backend('b1', { slots: 1 }),
    ])
    expect(harness.enqueue('r1').ok).toBe(true)
    expect(harness.enqueue('r2')).toMatchObject({ ok: false, reason: 'queue-full' })
    expect(harness.dispatched).toEqual(['r1'])
  })

  it('never advises retrying in less than a second', () => {
    const harness = new SchedulerHarness({ maxQueueLength: 1, initialServiceTimeMs: 10 })
    harness.add('busy')
    harness.add('waiting')
    expect(harness.enqueue('over')).toMatchObject({ ok: false, retryAfterSeconds: 1 })
  })

  it('times a request out after its max wait, calling onTimeout once', () => {
    const harness = new SchedulerHarness({ maxWaitMs: 60_000 })
    harness.add('busy')
    harness.add('patient')
    harness.add('hurried', { maxWaitMs: 5_000 })
    harness.clock.advance(5_000)
    expect(harness.timedOut).toEqual(['hurried'])
    harness.clock.advance(55_000)
    expect(harness.timedOut).toEqual(['hurried', 'patient'])
    expect(harness.scheduler.stats()).toMatchObject({ waiting: 0, timeouts: 2 })
    harness.complete('busy')
    expect(harness.dispatched).toEqual(['busy'])
  })

  it('clears the timer of a dispatched request', () => {
    const harness = new SchedulerHarness({ maxWaitMs: 1_000 })
    harness.add('busy')
    harness.add('next')
    harness.complete('busy')
    expect(harness.clock.pendingTimers).toBe(0)
    harness.clock.advance(5_000)
    expect(harness.timedOut).toEqual([])
  })

  it('removes a cancelled request at once, leaves the others in order, and ignores a second cancel', () => {
    const harness = new SchedulerHarness({ maxWaitMs: 60_000 })
    harness.add('busy')
    harness.add('r1')
    const middle = harness.add('r2')
    harness.add('r3')
    middle.cancel()
    middle.cancel()
    expect(harness.waitingOrder()).toEqual(['r1', 'r3'])
    expect(harness.scheduler.stats()).toMatchObject({ waiting: 2, cancelled: 1 })
    harness.clock.advance(60_000)
    expect(harness.timedOut).toEqual(['r1', 'r3'])
  })

  it('does nothing when a dispatched request is cancelled: its lease ends it', () => {
    const harness = new SchedulerHarness()
    harness.add('r1').cancel()
    expect(harness.scheduler.stats()).toMatchObject({ running: 1, cancelled: 0 })
  })

  it('requeues a refused request in its old place, refunding its prompt charge', () => {
    const harness = new SchedulerHarness()
    harness.add('r1', { estimatedPromptTokens: 500 })
    harness.add('r2')
    harness.add('other', { userId: 'bob' })
    harness.clock.advance(3_000)
    expect(harness.counter('alice')).toBe(500)
    harness.lease('r1').requeue()
    // Back first in line, and dispatched again to the slot it just gave back.
    expect(harness.counter('alice')).toBe(500)
    expect(harness.dispatched).toEqual(['r1', 'r1'])
    expect(harness.lease('r1').queueWaitMs).toBe(3_000)
    expect(harness.scheduler.stats()).toMatchObject({ requeued: 1, dispatched: 2, running: 1 })
  })

  it('requeues in front of younger requests of the same user, then runs on a healthy backend', () => {
    const harness = new SchedulerHarness({}, [backend('flaky'), backend('steady', { slots: 0 })])
    harness.add('r1')
    harness.add('r2')
    harness.lease('r1').requeue()
    harness.scheduler.setBackend(backend('flaky', { healthy: false }))
    expect(harness.waitingOrder()).toEqual(['r2'])
    expect(harness.leases.get('r1')?.backendId).toBe('flaky')
    harness.scheduler.setBackend(backend('steady', { slots: 1 }))
    expect(harness.dispatched.at(-1)).toBe('r2')
  })

  it('refunds the prompt charge of a requeued request that waits again', () => {
    const harness = new SchedulerHarness()
    harness.add('r1', { estimatedPromptTokens: 500 })
    harness.add('r2', { estimatedPromptTokens: 0 })
    harness.scheduler.setBackend(backend('b1', { healthy: false }))
    harness.lease('r1').requeue()
    expect(harness.counter('alice')).toBe(0)
    expect(harness.waitingOrder()).toEqual(['r1', 'r2'])
    expect(harness.scheduler.position('r1')).toBe(1)
  })

  it('keeps the original deadline of a requeued request', () => {
    const harness = new SchedulerHarness({ maxWaitMs: 10_000 })
    harness.add('r1')
    harness.clock.advance(4_000)
    harness.scheduler.setBackend(backend('b1', { healthy: false }))
    harness.lease('r1').requeue()
    harness.clock.advance(5_999)
    expect(harness.timedOut).toEqual([])
    harness.clock.advance(1)
    expect(harness.timedOut).toEqual(['r1'])
  })

  it('frees a slot exactly once however often complete, fail and requeue are called', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 })])
    for (const id of ['r1', 'r2', 'r3', 'r4']) harness.add(id)
    const lease = harness.lease('r1')
    lease.complete({ promptTokens: 10, outputTokens: 10 })
    lease.complete({ promptTokens: 10, outputTokens: 10 })
    lease.fail()
    lease.requeue()
    lease.chargeOutput(1000)
    expect(harness.dispatched).toEqual(['r1', 'r2', 'r3'])
    expect(harness.scheduler.stats()).toMatchObject({ completed: 1, failed: 0, requeued: 0, running: 2 })
    expect(harness.counter('alice')).toBe(30 + 10 + 10)
  })

  it('handles a lease completed synchronously inside onDispatch', () => {
    const harness = new SchedulerHarness()
    harness.onDispatch = (lease) => lease.complete({ promptTokens: 1, outputTokens: 1 })
    for (const id of ['r1', 'r2', 'r3']) harness.add(id)
    expect(harness.dispatched).toEqual(['r1', 'r2', 'r3'])
    expect(harness.scheduler.stats()).toMatchObject({
      waiting: 0,
      running: 0,
      completed: 3,
      slotViolations: 0,
    })
  })

  it('handles cancel and enqueue called from inside onDispatch', () => {
    const harness = new SchedulerHarness()
    harness.add('busy')
    const victim = harness.add('victim')
    harness.add('trigger', { priority: 9 })
    harness.onDispatch = (lease) => {
      if (lease.requestId !== 'trigger') return
      victim.cancel()
      harness.add('spawned')
    }
    harness.complete('busy')
    expect(harness.waitingOrder()).toEqual(['spawned'])
    harness.complete('trigger')
    expect(harness.dispatched).toEqual(['busy', 'trigger', 'spawned'])
  })

  it('starts a request enqueued from inside onDispatch when a slot is free', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 })])
    harness.onDispatch = (lease) => {
      if (lease.requestId === 'parent') harness.add('child')
    }
    harness.add('parent')
    expect(harness.dispatched).toEqual(['parent', 'child'])
  })

  it('refuses a request id that is already waiting or running, and nonsense requests', () => {
    const harness = new SchedulerHarness()
    harness.add('r1')
    expect(() => harness.enqueue('r1')).toThrow(/already/)
    expect(() => harness.enqueue('r2', { priority: 11 })).toThrow(RangeError)
    expect(() => harness.enqueue('r3', { weight: 0 })).toThrow(RangeError)
  })
})
