import { expect } from 'vitest'
import type { ApiClient } from '../support/api-client.ts'

export interface UsageRecordView {
  request_id: string
  user_id: string
  key_id: string | null
  model: string
  endpoint: string
  status: number
  prompt_tokens: number
  output_tokens: number
  queue_wait_ms: number
  time_to_first_token_ms: number | null
  duration_ms: number
  backend_id: string | null
  error: string | null
}

interface Report {
  records: UsageRecordView[]
}

/** The usage records of the caller (`/me/usage`), newest first; usage is written a moment after the answer. */
export async function usageRecords(api: ApiClient, atLeast = 1): Promise<UsageRecordView[]> {
  let records: UsageRecordView[] = []
  await expect
    .poll(
      async () => {
        records = (await api.get<Report>('/corral/v1/me/usage?limit=1000')).body.records
        return records.length
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThanOrEqual(atLeast)
  return records
}

/** The usage record of one request, by the `X-Corral-Request-Id` its response carried. */
export async function usageRecordOf(api: ApiClient, requestId: string | null): Promise<UsageRecordView> {
  let record: UsageRecordView | undefined
  await expect
    .poll(
      async () => {
        const report = await api.get<Report>('/corral/v1/me/usage?limit=1000')
        record = report.body.records.find((candidate) => candidate.request_id === requestId)
        return record
      },
      { timeout: 10_000 },
    )
    .toBeDefined()
  return record!
}
