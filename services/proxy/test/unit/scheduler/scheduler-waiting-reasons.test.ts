import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

const reasons = (harness: SchedulerHarness) =>
  Object.fromEntries(harness.scheduler.snapshot().waiting.map((entry) => [entry.id, entry.reason]))

describe('why a request waits', () => {
  it('all slots of its backends busy, when it is next in line', () => {
    const harness = new SchedulerHarness({}, [backend('gpu-1', { slots: 2 })])
    harness.add('r1')
    harness.add('r2')
    harness.add('next', { userId: 'bob' })
    expect(reasons(harness).next).toEqual({ kind: 'slots-busy', backendIds: ['gpu-1'], slots: 2 })
  })

  it('counts requests of higher effective priority ahead for the same backends only', () => {
    const harness = new SchedulerHarness({}, [
      backend('gpu-1', { slots: 1, models: new Set(['llama3']) }),
      backend('gpu-2', { slots: 1, models: new Set(['qwen']) }),
    ])
    harness.add('busy-1')
    harness.add('busy-2', { model: 'qwen' })
    harness.add('high-a', { userId: 'ann', priority: 9 })
    harness.add('high-b', { userId: 'bob', priority: 8 })
    harness.add('elsewhere', { userId: 'cy', priority: 10, model: 'qwen' })
    harness.add('low', { userId: 'dee', priority: 3 })
    const why = reasons(harness)
    expect(why.low).toEqual({ kind: 'higher-priority', ahead: 2 })
    expect(why['high-b']).toEqual({ kind: 'higher-priority', ahead: 1 })
    expect(why['high-a']).toEqual({ kind: 'slots-busy', backendIds: ['gpu-1'], slots: 1 })
    expect(why.elsewhere).toEqual({ kind: 'slots-busy', backendIds: ['gpu-2'], slots: 1 })
  })

  it('fair share: a user served more waits behind the least-served user at the same priority', () => {
    const harness = new SchedulerHarness()
    harness.add('running', { userId: 'heavy' })
    harness.add('light-1', { userId: 'light' })
    harness.add('heavy-2', { userId: 'heavy' })
    harness.lease('running').chargeOutput(500) // heavy's counter grows as its answer streams
    harness.add('heavy-3', { userId: 'heavy' })
    const snapshot = harness.scheduler.snapshot()
    const light = snapshot.users.find((user) => user.userId === 'light')!.counter
    const heavy = snapshot.users.find((user) => user.userId === 'heavy')!.counter
    expect(heavy).toBeGreaterThan(light)
    expect(harness.waitingOrder()).toEqual(['light-1', 'heavy-2', 'heavy-3'])
    const why = reasons(harness)
    expect(why['light-1']).toEqual({ kind: 'slots-busy', backendIds: ['b1'], slots: 1 })
    expect(why['heavy-2']).toEqual({ kind: 'fair-share', counter: heavy, leastCounter: light, ahead: 1 })
    expect(why['heavy-3']).toEqual({ kind: 'fair-share', counter: heavy, leastCounter: light, ahead: 2 })
  })

  it('no healthy backend has the model: down, draining, or none listing it', () => {
    const harness = new SchedulerHarness({}, [
      backend('gpu-1', { slots: 1, models: new Set(['llama3']) }),
      backend('gpu-2', { slots: 1, models: new Set(['qwen']) }),
    ])
    harness.add('busy')
    harness.add('waits', { userId: 'bob' })
    harness.scheduler.setBackend(backend('gpu-1', { slots: 1, models: new Set(['llama3']), healthy: false }))
    harness.scheduler.setBackend(backend('gpu-2', { slots: 1, models: new Set(['qwen']), draining: true }))
    harness.add('qwen-waits', { model: 'qwen', userId: 'cy' })
    const why = reasons(harness)
    expect(why.waits).toEqual({ kind: 'no-backend', model: 'llama3' })
    expect(why['qwen-waits']).toEqual({ kind: 'no-backend', model: 'qwen' })
  })

  it('gives each waiting request its position for its model, time to the next aging step and estimate', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 30_000, initialServiceTimeMs: 10_000 }, [
      backend('b1', { slots: 2 }),
    ])
    harness.add('run-1')
    harness.add('run-2')
    harness.add('a', { model: 'llama3' })
    harness.clock.advance(12_000)
    harness.add('b', { model: 'qwen', userId: 'bob' })
    harness.add('c', { model: 'llama3', userId: 'cy' })
    const waiting = harness.scheduler.snapshot().waiting
    expect(waiting.map((w) => [w.id, w.position, w.modelPosition, w.nextAgingMs])).toEqual([
      ['a', 1, 1, 18_000],
      ['b', 2, 1, 30_000],
      ['c', 3, 2, 30_000],
    ])
    for (const entry of waiting)
      expect(entry.estimatedWaitMs).toBe(harness.scheduler.estimatedWaitMs(entry.id))
  })

  it('has no next aging step with aging off', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 0 })
    harness.add('running')
    harness.add('waits')
    expect(harness.scheduler.snapshot().waiting[0]!.nextAgingMs).toBeNull()
  })

  it('explains 10,000 waiting requests, each counting exactly the higher priorities ahead of it', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 1_000 }, [backend('b1', { slots: 4 })])
    for (let i = 0; i < 4; i++) harness.add(`run-${i}`)
    for (let i = 0; i < 10_000; i++) {
      harness.add(`w${i}`, { userId: `u${i % 50}`, priority: 1 + (i % 10), model: i % 2 ? 'a' : 'b' })
      if (i % 500 === 0) harness.clock.advance(700)
    }
    const { waiting } = harness.scheduler.snapshot()
    expect(waiting).toHaveLength(10_000)
    // One backend serves both models: one pool. Ahead of each request: every request of a higher
    // effective priority, counted here independently from a histogram.
    const perPriority = new Map<number, number>()
    for (const entry of waiting)
      perPriority.set(entry.effectivePriority, (perPriority.get(entry.effectivePriority) ?? 0) + 1)
    const higher = (priority: number) =>
      [...perPriority].filter(([p]) => p > priority).reduce((sum, [, count]) => sum + count, 0)
    for (const entry of waiting) {
      const ahead = higher(entry.effectivePriority)
      if (ahead > 0) expect(entry.reason).toEqual({ kind: 'higher-priority', ahead })
      else expect(entry.reason.kind).not.toBe('higher-priority')
    }
  })
})
