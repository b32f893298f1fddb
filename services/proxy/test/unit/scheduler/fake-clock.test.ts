import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../src/scheduler/fake-clock.ts'

describe('fake clock', () => {
  it('fires timers in due order, each at its own time, including timers set while advancing', () => {
    const clock = new FakeClock(1_000)
    const fired: string[] = []
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200)
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`)
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 50)
    }, 100)
    const cancelled = clock.setTimeout(() => fired.push('never'), 150)
    clock.clearTimeout(cancelled)
    clock.advance(500)
    expect(fired).toEqual(['a@1100', 'c@1150', 'b@1200'])
    expect(clock.now()).toBe(1_500)
    expect(clock.pendingTimers).toBe(0)
  })

  it('fires timers due at the same time in the order they were set', () => {
    const clock = new FakeClock()
    const fired: number[] = []
    for (let i = 0; i < 5; i++) clock.setTimeout(() => fired.push(i), 10)
    clock.advance(10)
    expect(fired).toEqual([0, 1, 2, 3, 4])
  })
})
