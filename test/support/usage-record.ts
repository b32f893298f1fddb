import { expect } from 'vitest'
import type { ApiClient } from './api-client.ts'

export interface UsageRecord {
  endpoint: string
  status: number
  prompt_tokens: number
  output_tokens: number
  request_id: string
}

/**
 * The usage record of one request, found by the `X-Corral-Request-Id` its answer carried. Usage is
 * written in batches a moment after the answer, so this waits for it.
 */
export async function usageRecordOf(api: ApiClient, requestId: string | null): Promise<UsageRecord> {
  let record: UsageRecord | undefined
  await expect
    .poll(
      async () => {
        const report = await api.get<{ records: UsageRecord[] }>('/corral/v1/me/usage?limit=100')
        record = report.body.records.find((candidate) => candidate.request_id === requestId)
        return record
      },
      { timeout: 5000 },
    )
    .toBeDefined()
  return record!
}
