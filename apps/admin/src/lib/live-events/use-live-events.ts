import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import { useEffect, useRef, useSyncExternalStore } from 'react'
import type { SystemEvent, SystemEventType } from '@corral/contracts'
import type { LiveState } from './live-connection.ts'
import { useLiveConnection } from './live-events-provider.tsx'

/** Whether pushes arrive: `live`, `stale`, `connecting` or `paused`. */
export function useLiveState(): LiveState {
  const connection = useLiveConnection()
  return useSyncExternalStore(connection.onState, () => connection.state)
}

/**
 * Calls `handler` with every event of these types (every event when `types` is null) while the
 * component is mounted. The handler may change on every render; the subscription does not.
 */
export function useLiveEvents<T extends SystemEventType>(
  types: readonly T[] | null,
  handler: (event: Extract<SystemEvent, { type: T }>) => void,
): void {
  const connection = useLiveConnection()
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  const typesKey = types ? [...types].sort().join(',') : '*'
  useEffect(
    () =>
      connection.subscribe(typesKey === '*' ? null : (typesKey.split(',') as T[]), (event) =>
        latest.current(event as Extract<SystemEvent, { type: T }>),
      ),
    [connection, typesKey],
  )
}

/** Invalidations are gathered this long, so a burst of events refetches a query once. */
const coalesceMs = 250

/**
 * Keeps queries fresh from the stream: when an event of these types arrives, the queries under these
 * keys are invalidated (refetched if on screen) within `coalesceMs`. Pass `when` to react only to some
 * events (one backend's, one user's).
 */
export function useLiveInvalidation<T extends SystemEventType>(
  types: readonly T[],
  queryKeys: readonly QueryKey[],
  when?: (event: Extract<SystemEvent, { type: T }>) => boolean,
): void {
  const queryClient = useQueryClient()
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const keys = useRef(queryKeys)
  useEffect(() => {
    keys.current = queryKeys
  })
  useEffect(() => () => clearTimeout(pending.current), [])
  useLiveEvents(types, (event) => {
    if (when && !when(event)) return
    if (pending.current !== undefined) return
    pending.current = setTimeout(() => {
      pending.current = undefined
      for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey })
    }, coalesceMs)
  })
}

/**
 * A `refetchInterval` for queries the stream keeps fresh: no polling while pushes arrive or while the
 * tab is paused; `intervalMs` while the stream is stale or still connecting.
 */
export function useLivePolling(intervalMs: number): number | false {
  const state = useLiveState()
  return state === 'live' || state === 'paused' ? false : intervalMs
}
