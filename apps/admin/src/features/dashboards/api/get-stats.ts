import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { BackendStatsReport, StatsQuery, StatsReport } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** A preset range ends now: refreshed every minute while the page is open. */
const refetchInterval = (query: StatsQuery) => (query.preset ? 60_000 : false)

export const useStats = (query: StatsQuery) =>
  useQuery({
    queryKey: queryKeys.stats.report(query),
    queryFn: ({ signal }) => http<StatsReport>('/corral/v1/admin/stats', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: refetchInterval(query),
  })

export const useBackendStats = (query: StatsQuery) => {
  // Utilisation is over the whole range: the bucket does not apply.
  const rest = { preset: query.preset, from: query.from, to: query.to, tz: query.tz }
  return useQuery({
    queryKey: queryKeys.stats.backends(rest),
    queryFn: ({ signal }) =>
      http<BackendStatsReport>('/corral/v1/admin/stats/backends', { query: { ...rest }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: refetchInterval(query),
  })
}
