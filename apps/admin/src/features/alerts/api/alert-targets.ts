import { useQuery } from '@tanstack/react-query'
import type {
  AlertTarget,
  AlertTargetList,
  AlertTestResult,
  CreateAlertTargetRequest,
  CreatedAlertTarget,
} from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export const useAlertTargets = () =>
  useQuery({
    queryKey: queryKeys.alerts.targets,
    queryFn: ({ signal }) => http<AlertTargetList>('/corral/v1/admin/alerts/targets', { signal }),
  })

/** The answer holds the signing secret, shown once by the dialog that created the target. */
export const useCreateAlertTarget = () =>
  useAdminMutation({
    mutationFn: (request: CreateAlertTargetRequest) =>
      http<CreatedAlertTarget>('/corral/v1/admin/alerts/targets', { method: 'POST', body: request }),
    invalidates: () => [queryKeys.alerts.targets, queryKeys.audit.all],
    success: null,
    handlesErrors: true,
  })

export const useSetAlertTargetEnabled = () =>
  useAdminMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      http<AlertTarget>(`/corral/v1/admin/alerts/targets/${id}`, { method: 'PATCH', body: { enabled } }),
    invalidates: () => [queryKeys.alerts.targets, queryKeys.audit.all],
    success: (target) => `${target.enabled ? 'Enabled' : 'Disabled'} ${target.name}`,
  })

export const useDeleteAlertTarget = () =>
  useAdminMutation({
    mutationFn: (target: AlertTarget) =>
      http<void>(`/corral/v1/admin/alerts/targets/${target.id}`, { method: 'DELETE' }),
    invalidates: () => [queryKeys.alerts.targets, queryKeys.alerts.rules, queryKeys.audit.all],
    success: (_none, target) => `Deleted the target ${target.name}`,
    handlesErrors: true,
  })

/** Queues a test notification; its attempts show in the delivery log within a second or two. */
export const useSendAlertTest = () =>
  useAdminMutation({
    mutationFn: (target: AlertTarget) =>
      http<AlertTestResult>(`/corral/v1/admin/alerts/targets/${target.id}/test`, {
        method: 'POST',
        body: {},
      }),
    invalidates: () => [queryKeys.alerts.deliveries, queryKeys.audit.all],
    success: (_result, target) => `Sent a test to ${target.name}: see the delivery log`,
    successTitle: 'Queued',
  })
