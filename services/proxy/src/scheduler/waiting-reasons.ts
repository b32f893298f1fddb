import type { BackendPool } from './backend-pool.ts'
import type { RankedRequest } from './queue-ranking.ts'

/**
 * Why a request is still waiting, as data (the proxy words it: `proxy/waiting-reason-text.ts`). Only
 * the reasons that can occur: a request over a concurrency limit is refused at admission, never queued
 * (`limits/`), so "at the concurrency limit" is not one of them.
 */
export type WaitingReason =
  /** No healthy, non-draining backend serves its model: it waits for one to come back. */
  | { kind: 'no-backend'; model: string }
  /** Next in line for its backends, whose every slot is busy. */
  | { kind: 'slots-busy'; backendIds: string[]; slots: number }
  /** `ahead` requests for the same backends have a higher effective priority. */
  | { kind: 'higher-priority'; ahead: number }
  /**
   * Same effective priority as requests ahead of it from users served less: its user's virtual token
   * counter is `counter`, the least-served user's ahead of it `leastCounter` (VTC).
   */
  | { kind: 'fair-share'; counter: number; leastCounter: number; ahead: number }

interface Pool {
  backendIds: string[]
  slots: number
  key: string
}

interface PoolLine {
  /** Requests of this pool ranked so far. */
  seen: number
  /** The effective priority of the run of equal priorities being walked, where it started, its lowest counter. */
  runPriority: number
  runStart: number
  runLeastCounter: number
}

/**
 * The reason of every waiting request, in one pass over the ranking `rankAll` produced. Requests compete
 * when their models are served by the same backends (a "pool"), so what is ahead of a request is counted
 * in its pool only: a request for a model on another GPU is not in its way. Pools are worked out once
 * per model (O(models × backends)); the walk is O(n).
 */
export function explainWaiting(ranked: readonly RankedRequest[], backends: BackendPool): WaitingReason[] {
  const pools = new Map<string, Pool>()
  const lines = new Map<string, PoolLine>()
  const reasons: WaitingReason[] = []
  for (const { request, effectivePriority } of ranked) {
    let pool = pools.get(request.model)
    if (!pool) {
      pool = poolOf(request.model, backends)
      pools.set(request.model, pool)
    }
    if (pool.slots === 0) {
      reasons.push({ kind: 'no-backend', model: request.model })
      continue
    }
    const counter = request.account.counter
    let line = lines.get(pool.key)
    if (!line) {
      line = { seen: 0, runPriority: effectivePriority, runStart: 0, runLeastCounter: counter }
      lines.set(pool.key, line)
    }
    // The ranking is by effective priority (descending), then counter (ascending): a new run starts
    // at its lowest counter.
    if (effectivePriority !== line.runPriority) {
      line.runPriority = effectivePriority
      line.runStart = line.seen
      line.runLeastCounter = counter
    }
    if (line.runStart > 0) reasons.push({ kind: 'higher-priority', ahead: line.runStart })
    else if (line.runLeastCounter < counter) {
      const ahead = line.seen - line.runStart
      reasons.push({ kind: 'fair-share', counter, leastCounter: line.runLeastCounter, ahead })
    } else reasons.push({ kind: 'slots-busy', backendIds: pool.backendIds, slots: pool.slots })
    line.seen++
  }
  return reasons
}

function poolOf(model: string, backends: BackendPool): Pool {
  const backendIds: string[] = []
  let slots = 0
  for (const backend of backends) {
    if (backend.slots === 0 || !backends.serves(backend, model)) continue
    backendIds.push(backend.id)
    slots += backend.slots
  }
  return { backendIds, slots, key: backendIds.join('\u0000') }
}
