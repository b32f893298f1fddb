import type { SystemEvent, SystemEventType } from '@corral/contracts'
import type { AlertRuleConfig } from './alert-rule.ts'

/** One subject for which a rule's condition holds now: what it is, in words, and the figures behind it. */
export interface ActiveSubject {
  label: string
  summary: string
  details: Record<string, unknown>
}

/**
 * What a condition rule watches. `observe` takes the events of `types`; `active` answers, at `now`,
 * the subjects for which the condition holds (keyed by a stable id). Both are called on the event
 * path or by the evaluator's one-second tick, so they do constant or bounded work.
 */
export interface Condition {
  types: SystemEventType[]
  observe(event: SystemEvent, now: number): void
  active(now: number): Map<string, ActiveSubject>
}

/** Backends down for at least `seconds` (one backend or any), until a `backend.up`. */
export function backendDown(rule: AlertRuleConfig): Condition {
  const seconds = rule.params.seconds ?? 60
  const only = rule.params.backend_id ?? null
  const down = new Map<string, { name: string; since: number; error: string | null }>()
  return {
    types: ['backend.down', 'backend.up', 'backend.removed'],
    observe(event, now) {
      if (event.type !== 'backend.down' && event.type !== 'backend.up' && event.type !== 'backend.removed')
        return
      if (only !== null && event.backend_id !== only) return
      if (event.type !== 'backend.down') down.delete(event.backend_id)
      else if (!down.has(event.backend_id))
        down.set(event.backend_id, { name: event.name, since: now, error: event.error })
    },
    active(now) {
      const subjects = new Map<string, ActiveSubject>()
      for (const [id, backend] of down) {
        const downFor = Math.floor((now - backend.since) / 1000)
        if (downFor < seconds) continue
        subjects.set(id, {
          label: `backend ${backend.name}`,
          summary: `Backend ${backend.name} has been down for ${downFor} s${backend.error ? ` (${backend.error})` : ''}`,
          details: {
            backend_id: id,
            backend_name: backend.name,
            down_since: new Date(backend.since).toISOString(),
            error: backend.error,
          },
        })
      }
      return subjects
    },
  }
}

/** Samples kept per rule: a p95 over more is no different, and memory stays bounded under load. */
const maxSamples = 10_000
/** Fewer waits than this in the window say nothing about a p95. */
export const minQueueSamples = 5

/** The 95th percentile of the queue waits of requests that started within the window. */
export function queueWaitP95(rule: AlertRuleConfig): Condition {
  const threshold = rule.params.threshold_ms ?? 1000
  const windowMs = (rule.params.window_seconds ?? 300) * 1000
  // A ring of the newest samples: recording one is O(1) on the publisher's path, whatever the load.
  const at = new Float64Array(maxSamples)
  const ms = new Float64Array(maxSamples)
  let oldest = 0
  let count = 0
  return {
    types: ['request.started'],
    observe(event, now) {
      if (event.type !== 'request.started') return
      const slot = (oldest + count) % maxSamples
      at[slot] = now
      ms[slot] = event.queue_wait_ms
      if (count < maxSamples) count += 1
      else oldest = (oldest + 1) % maxSamples
    },
    active(now) {
      while (count > 0 && at[oldest]! <= now - windowMs) {
        oldest = (oldest + 1) % maxSamples
        count -= 1
      }
      const subjects = new Map<string, ActiveSubject>()
      if (count < minQueueSamples) return subjects
      const sorted = new Float64Array(count)
      for (let index = 0; index < count; index++) sorted[index] = ms[(oldest + index) % maxSamples]!
      sorted.sort()
      const p95 = sorted[Math.ceil(count * 0.95) - 1]!
      if (p95 > threshold) {
        subjects.set('queue', {
          label: 'the queue',
          summary: `p95 queue wait is ${p95} ms over the last ${windowMs / 1000} s (threshold ${threshold} ms, ${count} requests)`,
          details: { p95_ms: p95, threshold_ms: threshold, window_seconds: windowMs / 1000, samples: count },
        })
      }
      return subjects
    },
  }
}

const quotaLimits = new Set(['daily-quota', 'monthly-quota'])
/** A quota alert lapses with its period even if no event says so (the limiter reports crossings only). */
const quotaPeriodMs = (limit: string) => (limit === 'monthly-quota' ? 31 : 1) * 24 * 3600 * 1000

/** Keys or groups whose latest reported use of a token quota is at or above `percent`. */
export function quotaPercent(rule: AlertRuleConfig): Condition {
  const percent = rule.params.percent ?? 90
  const scope = rule.params.scope ?? null
  const scopeId = rule.params.scope_id ?? null
  const latest = new Map<
    string,
    { label: string; percent: number; at: number; details: Record<string, unknown> }
  >()
  return {
    types: ['limit.reached'],
    observe(event, now) {
      if (event.type !== 'limit.reached' || !quotaLimits.has(event.limit)) return
      if ((scope !== null && event.scope !== scope) || (scopeId !== null && event.scope_id !== scopeId))
        return
      const key = `${event.scope}:${event.scope_id}:${event.limit}`
      latest.set(key, {
        label: `${event.scope} ${event.scope_id} (${event.limit})`,
        percent: event.percent,
        at: now,
        details: {
          scope: event.scope,
          scope_id: event.scope_id,
          limit: event.limit,
          percent: event.percent,
          user_id: event.user_id,
        },
      })
    },
    active(now) {
      const subjects = new Map<string, ActiveSubject>()
      for (const [key, entry] of latest) {
        const limit = String(entry.details.limit)
        if (now - entry.at >= quotaPeriodMs(limit)) {
          latest.delete(key)
          continue
        }
        if (entry.percent < percent) continue
        subjects.set(key, {
          label: entry.label,
          summary: `The ${entry.label} has used ${entry.percent} % of its quota (threshold ${percent} %)`,
          details: entry.details,
        })
      }
      return subjects
    },
  }
}

/** More than `per_minute` refusals in the last 60 s, counted in one-second buckets (constant memory). */
export function refusalRate(rule: AlertRuleConfig): Condition {
  const perMinute = rule.params.per_minute ?? 60
  const buckets = new Array<number>(60).fill(0)
  const reasons = new Map<string, number>()
  let bucketSecond = 0
  const advance = (now: number) => {
    const second = Math.floor(now / 1000)
    if (second - bucketSecond >= 60) buckets.fill(0)
    else for (let s = bucketSecond + 1; s <= second; s++) buckets[s % 60] = 0
    if (second - bucketSecond >= 60) reasons.clear()
    bucketSecond = Math.max(bucketSecond, second)
  }
  return {
    types: ['request.refused'],
    observe(event, now) {
      if (event.type !== 'request.refused') return
      advance(now)
      buckets[bucketSecond % 60]! += 1
      reasons.set(event.reason, (reasons.get(event.reason) ?? 0) + 1)
    },
    active(now) {
      advance(now)
      const count = buckets.reduce((sum, n) => sum + n, 0)
      const subjects = new Map<string, ActiveSubject>()
      if (count > perMinute) {
        subjects.set('refusals', {
          label: 'refusals',
          summary: `${count} requests refused in the last minute (threshold ${perMinute})`,
          details: {
            refusals_last_minute: count,
            threshold_per_minute: perMinute,
            recent_reasons: Object.fromEntries(reasons),
          },
        })
      }
      return subjects
    },
  }
}
