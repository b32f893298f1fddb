import type { RefusalCount } from '@corral/core'

interface Refusal {
  at: Date
  reason: string
  priority: number
  status: number
}

/**
 * Refused requests leave no usage record (they never reach a backend), so the recorder counts them
 * here, summed per minute, reason, priority and status, and writes the sums with its next flush. A
 * burst of a thousand refusals then costs one row, not a thousand.
 */
export class RefusalTally {
  private counts = new Map<string, RefusalCount>()

  add(refusal: Refusal): void {
    const minute = new Date(Math.floor(refusal.at.getTime() / 60_000) * 60_000)
    const key = `${minute.getTime()}|${refusal.reason}|${refusal.priority}|${refusal.status}`
    const existing = this.counts.get(key)
    if (existing) existing.count++
    else
      this.counts.set(key, {
        minute,
        reason: refusal.reason,
        priority: refusal.priority,
        status: refusal.status,
        count: 1,
      })
  }

  get size(): number {
    return this.counts.size
  }

  /** The counts so far, leaving the tally empty; `restore` puts them back when writing failed. */
  take(): RefusalCount[] {
    const taken = [...this.counts.values()]
    this.counts = new Map()
    return taken
  }

  restore(counts: readonly RefusalCount[]): void {
    for (const count of counts) {
      const key = `${count.minute.getTime()}|${count.reason}|${count.priority}|${count.status}`
      const existing = this.counts.get(key)
      if (existing) existing.count += count.count
      else this.counts.set(key, { ...count })
    }
  }
}
