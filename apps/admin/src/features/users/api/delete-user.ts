import type { AdminUser } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export const useDeleteUser = () =>
  useAdminMutation({
    mutationFn: (user: Pick<AdminUser, 'id' | 'username'>) =>
      http<void>(`/corral/v1/admin/users/${user.id}`, { method: 'DELETE' }),
    invalidates: () => [queryKeys.users.all, queryKeys.groups, queryKeys.apiKeys.all, queryKeys.audit.all],
    success: (_data, user) => `Deleted ${user.username}`,
    handlesErrors: true,
  })
