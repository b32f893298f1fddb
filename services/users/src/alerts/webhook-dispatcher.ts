import type { AttemptOutcome } from './webhook-sender.ts'

/** One notification for one target; `send` performs an attempt (signing it anew each time). */
export interface DeliveryJob {
  deliveryId: string
  kind: 'generic' | 'slack'
  send: () => Promise<AttemptOutcome>
}

export type AttemptResult = 'delivered' | 'retried' | 'failed'

export interface DispatcherOptions {
  /** Waits before attempts 2, 3, …; their count + 1 is the number of tries. */
  retryDelaysMs: number[]
  /** Deliveries waiting or between attempts; past it new ones are dropped (and counted). */
  maxPending: number
  /** Attempts in flight at once. */
  concurrency: number
  onAttempt: (job: DeliveryJob, attempt: number, outcome: AttemptOutcome, result: AttemptResult) => void
  onDrop: (job: DeliveryJob) => void
  random?: () => number
}

/** 5 tries over about three and a half minutes: 5 s, 20 s, 60 s and 120 s apart, each ±20 %. */
export const defaultRetryDelaysMs = [5_000, 20_000, 60_000, 120_000]

/**
 * The background delivery of webhooks: a bounded in-memory queue drained by a few workers, with
 * exponential backoff and jitter between attempts. `enqueue` returns at once, so the event path never
 * waits for a network; an unreachable or slow target only delays its own retries (each attempt has
 * its own timeout, in `postWebhook`). Pending deliveries are lost on restart (docs/monitoring.md).
 */
export class WebhookDispatcher {
  private readonly ready: { job: DeliveryJob; attempt: number }[] = []
  private readonly timers = new Set<NodeJS.Timeout>()
  private pending = 0
  private inFlight = 0
  private stopped = false
  private drainScheduled = false

  constructor(private readonly options: DispatcherOptions) {}

  enqueue(job: DeliveryJob): boolean {
    if (this.stopped || this.pending >= this.options.maxPending) {
      this.options.onDrop(job)
      return false
    }
    this.pending += 1
    this.ready.push({ job, attempt: 1 })
    // Sending starts on the next turn of the event loop, not inside the publisher's call.
    if (!this.drainScheduled) {
      this.drainScheduled = true
      setImmediate(() => {
        this.drainScheduled = false
        this.drain()
      })
    }
    return true
  }

  /** Deliveries queued, in flight or waiting for a retry. */
  get size(): number {
    return this.pending
  }

  /** Stops retrying: what waits for a retry is abandoned, attempts in flight finish. */
  stop(): void {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.pending -= this.timers.size + this.ready.length
    this.timers.clear()
    this.ready.length = 0
  }

  private drain(): void {
    while (!this.stopped && this.inFlight < this.options.concurrency && this.ready.length > 0) {
      const next = this.ready.shift()!
      this.inFlight += 1
      void this.attempt(next.job, next.attempt)
    }
  }

  private async attempt(job: DeliveryJob, attempt: number): Promise<void> {
    // `send` reports failures as outcomes; a throw would be a bug, counted as a failed attempt.
    const outcome = await job.send().catch((error: unknown): AttemptOutcome => ({
      ok: false,
      status: null,
      error: String(error),
      durationMs: 0,
    }))
    this.inFlight -= 1
    const delay = this.options.retryDelaysMs[attempt - 1]
    const result: AttemptResult = outcome.ok
      ? 'delivered'
      : delay === undefined || this.stopped
        ? 'failed'
        : 'retried'
    this.options.onAttempt(job, attempt, outcome, result)
    if (result === 'retried') this.retryLater(job, attempt + 1, delay!)
    else this.pending -= 1
    this.drain()
  }

  private retryLater(job: DeliveryJob, attempt: number, delayMs: number): void {
    const jitter = 0.8 + 0.4 * (this.options.random ?? Math.random)()
    const timer = setTimeout(
      () => {
        this.timers.delete(timer)
        this.ready.push({ job, attempt })
        this.drain()
      },
      Math.round(delayMs * jitter),
    )
    timer.unref()
    this.timers.add(timer)
  }
}
