import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

const requests = 10_000

describe('scheduler at 10,000 waiting requests', () => {
  it('dispatches at a cost bounded by the FIFO heads, not by the number waiting', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 30_000, maxWaitMs: 3_600_000 }, [
      backend('b1', { slots: 4 }),
      backend('b2', { slots: 4 }),
    ])
    const fifos = new Set<string>()
    for (let i = 0; i < requests; i++) {
      const request = { userId: `user-${i % 50}`, model: `model-${i % 2}`, priority: 1 + (i % 3) * 4 }
      fifos.add(`${request.userId} ${request.model} ${request.priority}`)
      harness.add(`r${i}`, { ...request, estimatedPromptTokens: 100 })
      if (i % 100 === 0) harness.clock.advance(1_000)
    }
    const enqueued = harness.scheduler.stats()
    expect(enqueued).toMatchObject({ waiting: requests - 8, running: 8 })
    // With every slot busy, an arrival costs no scan at all.
    const scansWhileFull = enqueued.headScans

    expect(harness.scheduler.position(`r${requests - 1}`)).toBeLessThanOrEqual(requests)
    expect(harness.scheduler.snapshot().waiting).toHaveLength(requests - 8)

    for (let done = 0; done < requests; done++) {
      harness.clock.advance(100)
      // Eight were running and each completion dispatches the next, so request `done` has been dispatched.
      harness.complete(harness.dispatched[done]!, { promptTokens: 100, outputTokens: 50 })
    }
    const { headScans, dispatched, slotViolations, waiting, running } = harness.scheduler.stats()
    expect({ dispatched, slotViolations, waiting, running }).toEqual({
      dispatched: requests,
      slotViolations: 0,
      waiting: 0,
      running: 0,
    })
    expect((headScans - scansWhileFull) / (dispatched - 8)).toBeLessThanOrEqual(fifos.size)
    expect(harness.clock.pendingTimers).toBe(0)
  })

  it('cancels any of 10,000 waiting requests without scanning the queue', () => {
    const harness = new SchedulerHarness({ maxWaitMs: 60_000 })
    harness.add('busy')
    const tickets = Array.from({ length: requests }, (_, i) =>
      harness.add(`r${i}`, { userId: `user-${i % 7}` }),
    )
    const started = performance.now()
    for (let i = 0; i < requests; i += 2) tickets[i]!.cancel()
    // Only a sanity bound (timing assertions flake); removal itself is a linked-list unlink, O(1).
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(harness.scheduler.stats()).toMatchObject({ waiting: requests / 2, cancelled: requests / 2 })
    expect(harness.clock.pendingTimers).toBe(requests / 2)
    expect(harness.waitingOrder().slice(0, 3)).toEqual(['r1', 'r3', 'r5'])
  })

  it('lifts 10,000 distinct arriving users in logarithmic time each', () => {
    const harness = new SchedulerHarness()
    harness.add('busy')
    const started = performance.now()
    for (let i = 0; i < requests; i++) harness.add(`r${i}`, { userId: `user-${i}` })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(harness.scheduler.stats().waiting).toBe(requests)
  })
})
