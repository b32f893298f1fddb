import { useQuery } from '@tanstack/react-query'
import type { AdminSettingsPatch, Settings, SettingsDescription } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

/** The live values with their schema, defaults and version: what the form is built from. */
export const useSettingsDescription = () =>
  useQuery({
    queryKey: queryKeys.settings,
    queryFn: ({ signal }) => http<SettingsDescription>('/corral/v1/admin/settings/schema', { signal }),
  })

/** Only the changed fields, with the version the edit started from (a save in between is refused). */
export const useSaveSettings = () =>
  useAdminMutation({
    mutationFn: (patch: AdminSettingsPatch) =>
      http<Settings>('/corral/v1/admin/settings', { method: 'PATCH', body: patch }),
    invalidates: () => [queryKeys.settings, queryKeys.audit.all],
    success: null,
    handlesErrors: true,
  })
