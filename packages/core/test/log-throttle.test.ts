import { describe, expect, it } from 'vitest'
import { LogThrottle } from '../src/index.ts'

describe('the log throttle', () => {
  it('writes the first of a kind, then once an interval with the count left out', () => {
    let now = 0
    const throttle = new LogThrottle(60_000, () => now)
    const written: number[] = []
    for (let index = 0; index < 1000; index++)
      throttle.run('db down', (suppressed) => written.push(suppressed))
    now = 60_000
    throttle.run('db down', (suppressed) => written.push(suppressed))
    throttle.run('another failure', (suppressed) => written.push(suppressed))
    expect(written).toEqual([0, 999, 0])
  })
})
