import { useQuery } from '@tanstack/react-query'
import type { AdminBackend, AdminUpdateBackendRequest } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { useLiveInvalidation } from '../../../lib/live-events/index.ts'
import { pollWhileSignedIn } from '../../../lib/poll.ts'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

const backendEvents = [
  'backend.up',
  'backend.down',
  'backend.drained',
  'backend.slots',
  'backend.added',
  'backend.removed',
] as const

/**
 * Every backend with health history and model details: a health change, drain, resize, addition or
 * removal (the backend events) shows within a second; the health history and busy slots still
 * refresh every few seconds.
 */
export function useBackends() {
  useLiveInvalidation(backendEvents, [queryKeys.backends, queryKeys.models])
  return useQuery({
    queryKey: queryKeys.backends,
    queryFn: ({ signal }) =>
      http<{ backends: AdminBackend[] }>('/corral/v1/admin/backends/details', { signal }),
    select: (data) => data.backends,
    refetchInterval: pollWhileSignedIn(5000),
  })
}

const invalidates = () => [queryKeys.backends, queryKeys.models, queryKeys.audit.all]

export const useAddBackend = () =>
  useAdminMutation({
    mutationFn: (request: { url: string; name?: string; slots?: number }) =>
      http<AdminBackend>('/corral/v1/admin/backends', { method: 'POST', body: request }),
    invalidates,
    success: (backend) => `Added the backend ${backend.name}`,
    handlesErrors: true,
  })

export const useUpdateBackend = () =>
  useAdminMutation({
    mutationFn: ({
      backend,
      change,
    }: {
      backend: AdminBackend
      change: AdminUpdateBackendRequest
      done: string
    }) => http<AdminBackend>(`/corral/v1/admin/backends/${backend.id}`, { method: 'PATCH', body: change }),
    invalidates,
    success: (_backend, { done }) => done,
    handlesErrors: true,
  })

export const useRemoveBackend = () =>
  useAdminMutation({
    mutationFn: (backend: AdminBackend) =>
      http<void>(`/corral/v1/admin/backends/${backend.id}`, { method: 'DELETE' }),
    invalidates,
    success: (_data, backend) => `Removed the backend ${backend.name}`,
    handlesErrors: true,
  })
