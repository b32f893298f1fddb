import { useMutation } from '@tanstack/react-query'
import type {
  AdminGroup,
  AdminUpdateGroupRequest,
  CreateGroupRequest,
  GroupChangePreview,
} from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

const invalidates = () => [queryKeys.groups, queryKeys.users.all, queryKeys.audit.all]

export const useCreateGroup = () =>
  useAdminMutation({
    mutationFn: (request: CreateGroupRequest) =>
      http<AdminGroup>('/corral/v1/admin/groups', { method: 'POST', body: request }),
    invalidates,
    success: (group) => `Created the group ${group.name}`,
    handlesErrors: true,
  })

/** What saving would change, and for how many users and keys; saves nothing. */
export function usePreviewGroup() {
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: AdminUpdateGroupRequest }) =>
      http<GroupChangePreview>(`/corral/v1/admin/groups/${id}/preview`, { method: 'POST', body: change }),
    meta: { handlesErrors: true },
  })
}

/** Saves with the version the edit started from: if another admin saved since, the server refuses. */
export const useUpdateGroup = () =>
  useAdminMutation({
    mutationFn: ({ id, change }: { id: string; change: AdminUpdateGroupRequest }) =>
      http<AdminGroup>(`/corral/v1/admin/groups/${id}`, { method: 'PATCH', body: change }),
    invalidates,
    success: (group) => `Saved the group ${group.name}`,
    handlesErrors: true,
  })

export const useDeleteGroup = () =>
  useAdminMutation({
    mutationFn: (group: AdminGroup) =>
      http<void>(`/corral/v1/admin/groups/${group.id}`, { method: 'DELETE' }),
    invalidates,
    success: (_data, group) => `Deleted the group ${group.name}`,
    handlesErrors: true,
  })
