import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { FairnessQuery, FairnessReport } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const useFairness = (query: FairnessQuery) =>
  useQuery({
    queryKey: queryKeys.stats.fairness(query),
    queryFn: ({ signal }) =>
      http<FairnessReport>('/corral/v1/admin/stats/fairness', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: query.preset ? 60_000 : false,
  })
