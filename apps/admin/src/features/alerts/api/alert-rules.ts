import { useQuery } from '@tanstack/react-query'
import type {
  AlertRule,
  AlertRuleList,
  CreateAlertRuleRequest,
  UpdateAlertRuleRequest,
} from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

/** Rules with their live state: refreshed every few seconds, so a firing rule shows without a reload. */
export const useAlertRules = () =>
  useQuery({
    queryKey: queryKeys.alerts.rules,
    queryFn: ({ signal }) => http<AlertRuleList>('/corral/v1/admin/alerts/rules', { signal }),
    refetchInterval: 5000,
  })

export const useCreateAlertRule = () =>
  useAdminMutation({
    mutationFn: (request: CreateAlertRuleRequest) =>
      http<AlertRule>('/corral/v1/admin/alerts/rules', { method: 'POST', body: request }),
    invalidates: () => [queryKeys.alerts.rules, queryKeys.audit.all],
    success: (rule) => `Created the rule ${rule.name}`,
    handlesErrors: true,
  })

export const useUpdateAlertRule = () =>
  useAdminMutation({
    mutationFn: ({ id, ...request }: UpdateAlertRuleRequest & { id: string }) =>
      http<AlertRule>(`/corral/v1/admin/alerts/rules/${id}`, { method: 'PATCH', body: request }),
    invalidates: () => [queryKeys.alerts.rules, queryKeys.audit.all],
    success: (rule) => `Saved the rule ${rule.name}`,
    handlesErrors: true,
  })

export const useDeleteAlertRule = () =>
  useAdminMutation({
    mutationFn: (rule: AlertRule) =>
      http<void>(`/corral/v1/admin/alerts/rules/${rule.id}`, { method: 'DELETE' }),
    invalidates: () => [queryKeys.alerts.rules, queryKeys.audit.all],
    success: (_none, rule) => `Deleted the rule ${rule.name}`,
    handlesErrors: true,
  })
