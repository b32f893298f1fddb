import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { RequestLogPage } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { useLiveInvalidation, useLivePolling } from '../../../lib/live-events/index.ts'
import { pollWhileSignedIn } from '../../../lib/poll.ts'
import { queryKeys } from '../../../lib/query-keys.ts'
import type { RequestFilters } from '../components/requests-view.ts'

const path = '/corral/v1/admin/requests'
const pageSize = 50
/** Past this many rows on screen the tail starts again from a fresh page, so the table stays light. */
const maxTailRows = 500

/**
 * The request log's one source of rows: a page (the newest, or older than `before`) and, while `live`
 * is on and the newest page is shown, a tail that asks for what finished after the newest row
 * (`after`) and puts it on top of the cached page. The tail asks whenever the event stream reports a
 * `request.finished` (so a record shows within a second of being written), every 5 s as a safety net,
 * and every second while the stream is stale. TanStack Query stops the polling while the tab is hidden.
 */
export function useRequestLog(filters: RequestFilters, options: { before?: string; live: boolean }) {
  const client = useQueryClient()
  const key = queryKeys.requests.list({ ...filters, before: options.before })
  const page = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      http<RequestLogPage>(path, {
        query: { ...filters, limit: pageSize, ...(options.before ? { before: options.before } : {}) },
        signal,
      }),
    placeholderData: keepPreviousData,
  })
  const tailing = options.live && !options.before && page.isSuccess && !page.isPlaceholderData
  const tailKey = [...key, 'tail']
  useLiveInvalidation(['request.finished'], tailing ? [tailKey] : [])
  const fallback = useLivePolling(1000)
  useQuery({
    queryKey: tailKey,
    enabled: tailing,
    refetchInterval: pollWhileSignedIn(fallback === false ? 5000 : fallback),
    gcTime: 0,
    queryFn: async ({ signal }) => {
      const current = client.getQueryData<RequestLogPage>(key)
      if (!current?.newest_cursor) {
        await client.invalidateQueries({ queryKey: key, exact: true })
        return Date.now()
      }
      const newer = await http<RequestLogPage>(path, {
        query: { ...filters, after: current.newest_cursor, limit: 200 },
        signal,
      })
      if (newer.records.length === 0) return Date.now()
      if (newer.has_newer || current.records.length + newer.records.length > maxTailRows) {
        await client.invalidateQueries({ queryKey: key, exact: true })
        return Date.now()
      }
      client.setQueryData<RequestLogPage>(key, {
        ...current,
        records: [...newer.records, ...current.records],
        newest_cursor: newer.newest_cursor,
      })
      return Date.now()
    },
  })
  return page
}
