import { useQuery } from '@tanstack/react-query'
import type { QueueSnapshot, SystemEventType } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { useLiveInvalidation, useLivePolling } from '../../../lib/live-events/index.ts'
import { pollWhileSignedIn } from '../../../lib/poll.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Every event that changes what waits or runs, or where it can run. */
const queueEvents: readonly SystemEventType[] = [
  'request.queued',
  'request.started',
  'request.finished',
  'request.cancelled',
  'backend.up',
  'backend.down',
  'backend.drained',
  'backend.slots',
  'backend.added',
  'backend.removed',
]

/**
 * The live queue. Each queue or backend event refetches the snapshot (coalesced, within a second of
 * the change); between events a slow poll keeps the clocks on the board (waited, running, tokens/s)
 * moving. When the push channel is stale the board polls every second instead. TanStack Query pauses
 * interval refetches in a hidden tab.
 */
export function useQueue() {
  useLiveInvalidation(queueEvents, [queryKeys.queue])
  const fallback = useLivePolling(1000)
  return useQuery({
    queryKey: queryKeys.queue,
    queryFn: ({ signal }) => http<QueueSnapshot>('/corral/v1/admin/queue', { signal }),
    refetchInterval: pollWhileSignedIn(fallback === false ? 3000 : fallback),
  })
}
