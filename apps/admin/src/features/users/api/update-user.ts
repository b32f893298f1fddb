import type { AdminUpdateUserRequest, AdminUser } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export interface UserChange {
  user: Pick<AdminUser, 'id' | 'username'>
  change: AdminUpdateUserRequest
  /** How the notification words it, e.g. “Disabled ada”. */
  done: string
}

/** Role, group, disabled: the server refuses to demote or disable the last enabled admin. */
export const useUpdateUser = () =>
  useAdminMutation({
    mutationFn: ({ user, change }: UserChange) =>
      http<AdminUser>(`/corral/v1/admin/users/${user.id}`, { method: 'PATCH', body: change }),
    invalidates: () => [queryKeys.users.all, queryKeys.groups, queryKeys.audit.all],
    success: (_user, { done }) => done,
    handlesErrors: true,
  })
