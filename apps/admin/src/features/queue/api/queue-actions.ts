import type { QueueCancelResult, QueuePromoteResult } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

/** Who and what a queue action is about, for the notification. */
export interface QueuedTarget {
  id: string
  username: string
  model: string
}

const invalidates = () => [queryKeys.queue, queryKeys.audit.all]

export const useCancelQueued = () =>
  useAdminMutation({
    mutationFn: (target: QueuedTarget) =>
      http<QueueCancelResult>(`/corral/v1/admin/queue/${encodeURIComponent(target.id)}/cancel`, {
        method: 'POST',
        body: {},
      }),
    invalidates,
    success: (result, target) =>
      `Cancelled ${target.username}’s ${target.model} request${result.was_running ? ' (it was running)' : ''}`,
    handlesErrors: true,
  })

export const usePromoteQueued = () =>
  useAdminMutation({
    mutationFn: ({ target, priority }: { target: QueuedTarget; priority: number }) =>
      http<QueuePromoteResult>(`/corral/v1/admin/queue/${encodeURIComponent(target.id)}/promote`, {
        method: 'POST',
        body: { priority },
      }),
    invalidates,
    success: (result, { target }) =>
      `${target.username}’s ${target.model} request now has priority ${result.priority} (was ${result.previous_priority})`,
    handlesErrors: true,
  })
