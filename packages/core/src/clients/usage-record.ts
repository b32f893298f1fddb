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
  finishedAt: Date
}
