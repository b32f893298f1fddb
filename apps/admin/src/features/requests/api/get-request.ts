import { useQuery } from '@tanstack/react-query'
import type { RequestLogRecord } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** One record, by id: a shared link opens its drawer whether or not the record is on the page. */
export const useRequestRecord = (id: string) =>
  useQuery({
    queryKey: queryKeys.requests.one(id),
    queryFn: ({ signal }) =>
      http<RequestLogRecord>(`/corral/v1/admin/requests/${encodeURIComponent(id)}`, { signal }),
    enabled: id !== '',
    retry: false,
  })
