import { describe, expect, it } from 'vitest'
import {
  WebhookDispatcher,
  type AttemptResult,
  type DeliveryJob,
} from '../../../src/alerts/webhook-dispatcher.ts'
import type { AttemptOutcome } from '../../../src/alerts/webhook-sender.ts'

const failed: AttemptOutcome = { ok: false, status: 500, error: 'HTTP 500', durationMs: 1 }
const delivered: AttemptOutcome = { ok: true, status: 200, error: null, durationMs: 1 }

function dispatcher(options: { maxPending?: number; concurrency?: number; retryDelaysMs?: number[] } = {}) {
  const attempts: { id: string; attempt: number; result: AttemptResult; at: number }[] = []
  const dropped: string[] = []
  const started = performance.now()
  const instance = new WebhookDispatcher({
    retryDelaysMs: options.retryDelaysMs ?? [20, 40],
    maxPending: options.maxPending ?? 10,
    concurrency: options.concurrency ?? 2,
    random: () => 0.5,
    onAttempt: (job, attempt, _outcome, result) =>
      attempts.push({ id: job.deliveryId, attempt, result, at: performance.now() - started }),
    onDrop: (job) => dropped.push(job.deliveryId),
  })
  return { instance, attempts, dropped }
}
const job = (id: string, outcomes: AttemptOutcome[]): DeliveryJob => ({
  deliveryId: id,
  kind: 'generic',
  send: () => Promise.resolve(outcomes.shift() ?? delivered),
})
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the webhook dispatcher', () => {
  it('retries after each delay, and gives up when the delays run out', async () => {
    const { instance, attempts } = dispatcher()
    instance.enqueue(job('a', [failed, failed, failed]))
    await settle(150)
    expect(attempts.map(({ attempt, result }) => `${attempt} ${result}`)).toEqual([
      '1 retried',
      '2 retried',
      '3 failed',
    ])
    // Jitter 0.5 keeps each delay as configured: 20 ms, then 40 ms.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(18)
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(38)
    expect(instance.size).toBe(0)
  })

  it('drops what does not fit and counts it, returning at once', () => {
    const { instance, dropped } = dispatcher({ maxPending: 2, concurrency: 1 })
    const never: DeliveryJob = { deliveryId: 'slow', kind: 'slack', send: () => new Promise(() => {}) }
    expect(instance.enqueue(never)).toBe(true)
    expect(instance.enqueue({ ...never, deliveryId: 'second' })).toBe(true)
    expect(instance.enqueue({ ...never, deliveryId: 'third' })).toBe(false)
    expect(dropped).toEqual(['third'])
    expect(instance.size).toBe(2)
  })

  it('keeps delivering to other targets while one waits for its retries', async () => {
    const { instance, attempts } = dispatcher({ retryDelaysMs: [10_000], concurrency: 1 })
    instance.enqueue(job('failing', [failed]))
    instance.enqueue(job('healthy', []))
    await settle(30)
    expect(attempts.map(({ id, result }) => `${id} ${result}`)).toEqual([
      'failing retried',
      'healthy delivered',
    ])
    instance.stop()
    expect(instance.size).toBe(0)
  })
})
