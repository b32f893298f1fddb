import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

describe('operator cancel of a waiting request', () => {
  it('takes the request out of the queue and tells its caller, once', () => {
    const harness = new SchedulerHarness()
    const cancelled: string[] = []
    harness.add('running')
    harness.scheduler.enqueue(
      {
        id: 'w',
        userId: 'bob',
        keyId: null,
        model: 'llama3',
        priority: 5,
        weight: 1,
        estimatedPromptTokens: 1,
      },
      {
        onDispatch: () => cancelled.push('dispatched'),
        onTimeout: () => {},
        onCancelled: () => cancelled.push('w'),
      },
    )
    expect(harness.scheduler.cancelWaiting('w')).toBe('done')
    expect(cancelled).toEqual(['w'])
    expect(harness.waitingOrder()).toEqual([])
    expect(harness.scheduler.cancelWaiting('w')).toBe('unknown')
    harness.complete('running')
    expect(cancelled).toEqual(['w'])
    expect(harness.scheduler.stats()).toMatchObject({ cancelled: 1, waiting: 0 })
  })

  it('answers running for a dispatched request and unknown for one that finished or never was', () => {
    const harness = new SchedulerHarness()
    harness.add('running')
    expect(harness.scheduler.cancelWaiting('running')).toBe('running')
    harness.complete('running')
    expect(harness.scheduler.cancelWaiting('running')).toBe('unknown')
    expect(harness.scheduler.cancelWaiting('nobody')).toBe('unknown')
  })

  it('leaves the rest of the queue in order and the user lifted as before', () => {
    const harness = new SchedulerHarness()
    harness.add('running')
    for (const id of ['a', 'b', 'c']) harness.add(id, { userId: id })
    harness.scheduler.cancelWaiting('b')
    expect(harness.waitingOrder()).toEqual(['a', 'c'])
    expect(harness.scheduler.snapshot().users.find((user) => user.userId === 'b')?.waiting).toBe(0)
    harness.complete('running')
    expect(harness.dispatched).toEqual(['running', 'a'])
  })
})

describe('operator promote of a waiting request', () => {
  it('moves it ahead of lower priorities, so it runs next', () => {
    const harness = new SchedulerHarness()
    harness.add('running')
    harness.add('first', { userId: 'ann', priority: 5 })
    harness.add('second', { userId: 'bob', priority: 5 })
    expect(harness.scheduler.promote('second', 9)).toBe('done')
    expect(harness.waitingOrder()).toEqual(['second', 'first'])
    const entry = harness.scheduler.snapshot().waiting[0]!
    expect(entry).toMatchObject({ id: 'second', priority: 9, effectivePriority: 9, promotedFrom: 5 })
    harness.complete('running')
    expect(harness.dispatched).toEqual(['running', 'second'])
  })

  it('keeps its arrival: aging counts from when it came, and it keeps FIFO order with its user', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 10_000 })
    harness.add('running')
    harness.add('old', { priority: 3 })
    harness.clock.advance(25_000)
    harness.add('young', { priority: 7 })
    harness.scheduler.promote('old', 7) // 7 + 2 steps of aging
    expect(harness.scheduler.snapshot().waiting.map((w) => [w.id, w.effectivePriority])).toEqual([
      ['old', 9],
      ['young', 7],
    ])
    // Same user, model and base priority now: the older one stays ahead, whatever else happens.
    harness.complete('running')
    expect(harness.dispatched.at(-1)).toBe('old')
  })

  it('is for this request only: the next request of the same key arrives at its own priority', () => {
    const harness = new SchedulerHarness()
    harness.add('running')
    harness.add('promoted', { priority: 2 })
    harness.scheduler.promote('promoted', 8)
    harness.add('later', { priority: 2 })
    const byId = new Map(harness.scheduler.snapshot().waiting.map((w) => [w.id, w]))
    expect(byId.get('later')).toMatchObject({ priority: 2, promotedFrom: null })
  })

  it('refuses a priority outside 1–10 and answers running or unknown like cancel', () => {
    const harness = new SchedulerHarness()
    harness.add('running')
    harness.add('waiting')
    expect(() => harness.scheduler.promote('waiting', 11)).toThrow(RangeError)
    expect(() => harness.scheduler.promote('waiting', 0)).toThrow(RangeError)
    expect(() => harness.scheduler.promote('waiting', 2.5)).toThrow(RangeError)
    expect(harness.scheduler.promote('running', 9)).toBe('running')
    expect(harness.scheduler.promote('gone', 9)).toBe('unknown')
  })

  it('keeps position() equal to the snapshot after a promotion', () => {
    const harness = new SchedulerHarness({ agingIntervalMs: 5_000 })
    harness.add('running')
    for (let i = 0; i < 12; i++) {
      harness.add(`r${i}`, { userId: `u${i % 3}`, priority: 1 + (i % 4) })
      harness.clock.advance(1_000)
    }
    harness.scheduler.promote('r11', 10)
    harness.scheduler.promote('r0', 6)
    for (const { id, position } of harness.scheduler.snapshot().waiting) {
      expect(harness.scheduler.position(id)).toBe(position)
    }
  })

  it('works on a request put back by a requeue', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 1 })])
    harness.add('a')
    harness.add('b', { userId: 'bob' })
    harness.lease('a').requeue() // back in its place, ahead of b, so it is dispatched again
    expect(harness.dispatched).toEqual(['a', 'a'])
    expect(harness.scheduler.promote('b', 10)).toBe('done')
    harness.complete('a')
    expect(harness.dispatched).toEqual(['a', 'a', 'b'])
  })
})
