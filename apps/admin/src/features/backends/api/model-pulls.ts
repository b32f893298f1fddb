import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { ModelPull, StartModelPullRequest } from '@corral/contracts'
import { http, tokenStore } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

const active = (pull: ModelPull) => pull.status === 'queued' || pull.status === 'running'

/**
 * Pulls are held by the server, so this is only a view of them: a reload, or another admin, sees the
 * same progress. It polls every second while one runs, every ten seconds otherwise.
 */
export function useModelPulls() {
  const pulls = useQuery({
    queryKey: queryKeys.pulls,
    queryFn: ({ signal }) => http<{ pulls: ModelPull[] }>('/corral/v1/admin/model-pulls', { signal }),
    select: (data) => data.pulls,
    refetchInterval: (query) =>
      tokenStore.get().status !== 'signed-in' ? false : query.state.data?.pulls.some(active) ? 1000 : 10_000,
  })
  // A pull that just finished changed what the backends have: ask for their models again.
  const queryClient = useQueryClient()
  const running = (pulls.data ?? []).filter(active).length
  const previous = useRef(running)
  useEffect(() => {
    if (running < previous.current) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.models })
      void queryClient.invalidateQueries({ queryKey: queryKeys.backends })
    }
    previous.current = running
  }, [running, queryClient])
  return pulls
}

export const useStartPull = () =>
  useAdminMutation({
    mutationFn: (request: StartModelPullRequest) =>
      http<ModelPull>('/corral/v1/admin/model-pulls', { method: 'POST', body: request }),
    invalidates: () => [queryKeys.pulls, queryKeys.audit.all],
    success: (pull) =>
      `Pulling ${pull.model} onto ${pull.backends.map((backend) => backend.backend_name).join(', ')}`,
    successTitle: 'Pull started',
    handlesErrors: true,
  })

export const useCancelPull = () =>
  useAdminMutation({
    mutationFn: (pull: ModelPull) =>
      http<ModelPull>(`/corral/v1/admin/model-pulls/${pull.id}/cancel`, { method: 'POST', body: {} }),
    invalidates: () => [queryKeys.pulls, queryKeys.audit.all],
    success: (_data, pull) => `Cancelled the pull of ${pull.model}`,
    handlesErrors: true,
  })

export { active as isPullActive }
