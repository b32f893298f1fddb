import type { UsageRecord } from '@corral/core'
import type { ApiClient } from '../support/api-client.ts'

/**
 * Seeded usage records for the dashboard tests, and the figures computed from them directly (never
 * from the rollups), so the API's answers are checked against an independent count.
 */
export interface Seed {
  records: UsageRecord[]
}

/** A small deterministic generator (mulberry32): the same records on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Person {
  userId: string
  groupId: string
  keyId: string | null
  priority: number
}

/** `count` records spread over `[start, start + spanMs)`, cycling through people, models and statuses. */
export function seedRecords(
  people: Person[],
  start: number,
  spanMs: number,
  count: number,
  backends: string[],
): UsageRecord[] {
  const next = random(42)
  const statuses = [200, 200, 200, 200, 200, 200, 502, 499, 200, 503]
  return Array.from({ length: count }, (_, index) => {
    const person = people[index % people.length]!
    const status = statuses[Math.floor(next() * statuses.length)]!
    const queueWaitMs = Math.floor(next() ** 3 * 60_000)
    return {
      requestId: `seed-${index}`,
      userId: person.userId,
      keyId: person.keyId,
      groupId: person.groupId,
      model: index % 3 === 0 ? 'llama3.2:latest' : 'qwen2.5:0.5b',
      backendId: backends[index % backends.length]!,
      endpoint: index % 4 === 0 ? '/v1/chat/completions' : '/api/chat',
      source: 'api',
      status,
      promptTokens: 10 + Math.floor(next() * 500),
      outputTokens: status === 200 ? Math.floor(next() * 800) : 0,
      queueWaitMs,
      timeToFirstTokenMs: status === 200 ? 20 + Math.floor(next() * 3000) : null,
      durationMs: 100 + Math.floor(next() * 20_000),
      priority: person.priority,
      error: status >= 500 ? 'upstream failed' : null,
      finishedAt: new Date(start + Math.floor(next() * spanMs)),
    } satisfies UsageRecord
  })
}

export const isError = (record: UsageRecord) =>
  (record.status >= 400 && record.status !== 499) || record.error !== null

export function totalsOf(records: readonly UsageRecord[]) {
  return {
    requests: records.length,
    errors: records.filter(isError).length,
    prompt_tokens: records.reduce((sum, record) => sum + record.promptTokens, 0),
    output_tokens: records.reduce((sum, record) => sum + record.outputTokens, 0),
  }
}

export function within(records: readonly UsageRecord[], from: string, to: string): UsageRecord[] {
  const start = Date.parse(from)
  const end = Date.parse(to)
  return records.filter((record) => record.finishedAt.getTime() >= start && record.finishedAt.getTime() < end)
}

/** The calendar day of an instant in a zone, as `Intl` (not Corral) reads it. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant)
}

/** The nearest-rank percentile of exact values. */
export function exactPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(p * sorted.length) - 1]!
}

/** The upper edge of the histogram bin holding `value` (how the API reports a percentile). */
export function binEdge(edges: readonly number[], value: number): number {
  const upper = edges.find((edge) => edge > value)
  return upper ?? edges.at(-1)!
}

export async function getStats<T>(admin: ApiClient, path: string, query: Record<string, string>) {
  const response = await admin.get<T>(`/corral/v1/admin/${path}?${new URLSearchParams(query).toString()}`)
  return response
}
