/** One proxied request, as the proxy reports it to the users service (written in batches). */
export interface UsageRecord {
  requestId: string
  userId: string
  keyId: string | null
  groupId: string
  model: string
  backendId: string | null
  endpoint: string
  source: 'api' | 'chat'
  status: number
  promptTokens: number
  outputTokens: number
  queueWaitMs: number
  /** null when no token was produced (errors, non-streamed bodies count as first byte). */
  timeToFirstTokenMs: number | null
  durationMs: number
  priority: number
  error: string | null
  /** Times a backend refused before streaming and the request went back to the queue. */
  requeues?: number
  /** Every backend the request was sent to, in order, when there was more than one. */
  backendsTried?: readonly string[]
  finishedAt: Date
}

/** The largest value of a PostgreSQL integer column. */
const maxInteger = 2_147_483_647

/**
 * A record that the database will take: text without NUL bytes (PostgreSQL refuses them) and of a
 * sane length, integers whole and within their columns. Some fields come from clients (the model
 * name) or from backends (token counts, which may be `1e308`, negative or fractional); one bad record
 * must never stop the batch it is written in.
 */
export function sanitizeUsageRecord(record: UsageRecord): UsageRecord {
  const finishedAt = Number.isNaN(record.finishedAt.getTime()) ? new Date() : record.finishedAt
  return {
    requestId: text(record.requestId, 200),
    userId: record.userId,
    keyId: record.keyId,
    groupId: record.groupId,
    model: text(record.model, 300),
    backendId: record.backendId === null ? null : text(record.backendId, 200),
    endpoint: text(record.endpoint, 300),
    source: record.source,
    status: integer(record.status, 0, 999),
    promptTokens: integer(record.promptTokens, 0, maxInteger),
    outputTokens: integer(record.outputTokens, 0, maxInteger),
    queueWaitMs: integer(record.queueWaitMs, 0, maxInteger),
    timeToFirstTokenMs:
      record.timeToFirstTokenMs === null ? null : integer(record.timeToFirstTokenMs, 0, maxInteger),
    durationMs: integer(record.durationMs, 0, maxInteger),
    priority: integer(record.priority, 1, 10),
    error: record.error === null ? null : text(record.error, 2000),
    requeues: integer(record.requeues ?? 0, 0, maxInteger),
    backendsTried: record.backendsTried?.slice(0, 20).map((id) => text(id, 200)),
    finishedAt,
  }
}

function text(value: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = String(value).replace(/\u0000/g, '')
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean
}

function integer(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min
  return Math.min(max, Math.max(min, Math.round(value)))
}

/**
 * Requests refused before reaching a backend (queue full, maximum wait, limits, quota, model not
 * allowed), which leave no usage record: counted per minute for the dashboards.
 */
export interface RefusalCount {
  minute: Date
  reason: string
  priority: number
  status: number
  count: number
}
