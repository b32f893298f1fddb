import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KeepAlive, late } from '../../../src/streams/keep-alive.ts'

/** An answer the test settles by hand, like a request waiting in the queue. */
function pendingAnswer() {
  let resolve!: (value: string) => void
  let reject!: (error: Error) => void
  const answer = new Promise<string>((yes, no) => ((resolve = yes), (reject = no)))
  return { answer, resolve, reject }
}

describe('KeepAlive', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('hands over an answer that comes before the first keep-alive is due, untouched', async () => {
    const { answer, resolve } = pendingAnswer()
    const inTime = new KeepAlive(answer, 30_000).inTime()
    await vi.advanceTimersByTimeAsync(29_999)
    resolve('404 as the backend sent it')
    await expect(inTime).resolves.toBe('404 as the backend sent it')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('passes an early refusal on as a refusal (the error handler gives it its status)', async () => {
    const { answer, reject } = pendingAnswer()
    const inTime = new KeepAlive(answer, 30_000).inTime()
    reject(new Error('queue full'))
    await expect(inTime).rejects.toThrow('queue full')
  })

  it('is late once one interval has gone by without an answer', async () => {
    const { answer } = pendingAnswer()
    const inTime = new KeepAlive(answer, 30_000).inTime()
    await vi.advanceTimersByTimeAsync(30_000)
    await expect(inTime).resolves.toBe(late)
  })

  it('writes a keep-alive at once and every interval, and none after the answer came', async () => {
    const { answer, resolve } = pendingAnswer()
    const frames: number[] = []
    const bridged = new KeepAlive(answer, 30_000).bridge(
      () => frames.push(Date.now()),
      () => 'beat',
    )
    const start = Date.now()
    await vi.advanceTimersByTimeAsync(95_000)
    expect(frames.map((at) => at - start)).toEqual([0, 30_000, 60_000, 90_000])
    resolve('first byte')
    await expect(bridged).resolves.toEqual({ status: 'fulfilled', value: 'first byte' })
    await vi.advanceTimersByTimeAsync(120_000)
    expect(frames).toHaveLength(4)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stops on a failure too, and reports it instead of throwing (the status is already out)', async () => {
    const { answer, reject } = pendingAnswer()
    const bridged = new KeepAlive(answer, 30_000).bridge(
      () => undefined,
      () => 'beat',
    )
    const error = new Error('queue timeout')
    reject(error)
    await expect(bridged).resolves.toEqual({ status: 'rejected', reason: error })
    expect(vi.getTimerCount()).toBe(0)
  })
})
