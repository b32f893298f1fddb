import { useQuery } from '@tanstack/react-query'
import type { QueueSnapshot } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { pollWhileSignedIn } from '../../../lib/poll.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

/**
 * The live queue: polled every second while the tab is visible (TanStack Query pauses interval
 * refetches in a hidden tab). The push channel will write into the same query key.
 */
export const useQueue = () =>
  useQuery({
    queryKey: queryKeys.queue,
    queryFn: ({ signal }) => http<QueueSnapshot>('/corral/v1/admin/queue', { signal }),
    refetchInterval: pollWhileSignedIn(1000),
  })
