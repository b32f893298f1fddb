import { randomUUID } from 'node:crypto'
import type { UsageRecord } from '@corral/core'
import type { ApiClient } from '../support/api-client.ts'
import type { TestCorral } from '../support/test-corral.ts'

/** A request log record as the API answers it (the fields the tests read). */
export interface LogRecord {
  id: number
  request_id: string
  finished_at: string
  user_id: string
  username: string | null
  key_id: string | null
  key_name: string | null
  group_id: string | null
  group_name: string | null
  model: string
  backend_id: string | null
  backends_tried: string[]
  requeues: number
  endpoint: string
  status: number
  error: string | null
  prompt_tokens: number
  output_tokens: number
  queue_wait_ms: number
  time_to_first_token_ms: number | null
  duration_ms: number
}

export interface LogPage {
  records: LogRecord[]
  next_cursor: string | null
  newest_cursor: string | null
  has_newer: boolean
}

/** A usage record as the proxy hands it to the users service; the test states only what it is about. */
export function usageRecord(
  overrides: Partial<UsageRecord> & Pick<UsageRecord, 'userId' | 'groupId'>,
): UsageRecord {
  return {
    requestId: randomUUID(),
    keyId: null,
    model: 'llama3.2',
    backendId: randomUUID(),
    endpoint: '/api/chat',
    source: 'api',
    status: 200,
    promptTokens: 10,
    outputTokens: 20,
    queueWaitMs: 5,
    timeToFirstTokenMs: 40,
    durationMs: 100,
    priority: 5,
    error: null,
    finishedAt: new Date(),
    ...overrides,
  }
}

/** Writes records the way the proxy's recorder does (one batch through the users service). */
export async function seed(corral: TestCorral, records: UsageRecord[]): Promise<void> {
  await corral.corral.users.usage.record(records)
}

export async function logPage(admin: ApiClient, query: Record<string, string | number>): Promise<LogPage> {
  const search = new URLSearchParams(
    Object.entries(query).map(([name, value]): [string, string] => [name, String(value)]),
  )
  const answer = await admin.get<LogPage>(`/corral/v1/admin/requests?${search.toString()}`)
  if (answer.status !== 200)
    throw new Error(`the request log answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Every record of the filter, page by page through `next_cursor`. */
export async function allPages(
  admin: ApiClient,
  query: Record<string, string | number>,
): Promise<LogRecord[]> {
  const records: LogRecord[] = []
  let cursor: string | null = null
  do {
    const page: LogPage = await logPage(admin, cursor ? { ...query, before: cursor } : query)
    records.push(...page.records)
    cursor = page.next_cursor
  } while (cursor)
  return records
}
