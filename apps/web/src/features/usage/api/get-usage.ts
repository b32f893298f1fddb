import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { UsageReport } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { dailySeries, type DailyUsage } from './daily-series.ts'

export interface Usage {
  report: UsageReport
  days: DailyUsage[]
}

/** The signed-in user's totals since `from`, and their tokens per UTC day. */
export async function getUsage(from: string, signal?: AbortSignal): Promise<Usage> {
  const report = await http<UsageReport>('/corral/v1/me/usage', {
    query: { bucket: 'day', from, limit: 0 },
    signal,
  })
  return { report, days: dailySeries(from, report.over_time ?? []) }
}

export const usageQueryOptions = (from: string) =>
  queryOptions({
    queryKey: queryKeys.usage(from, 'day'),
    queryFn: ({ signal }) => getUsage(from, signal),
    placeholderData: keepPreviousData,
  })

export const useUsage = (from: string) => useQuery(usageQueryOptions(from))
