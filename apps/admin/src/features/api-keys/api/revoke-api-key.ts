import type { AdminApiKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

/** Every gateway drops the key from its cache at once: it stops working within a second or two. */
export const useRevokeApiKey = () =>
  useAdminMutation({
    mutationFn: (key: Pick<AdminApiKey, 'id' | 'name' | 'username'>) =>
      http<void>(`/corral/v1/admin/keys/${key.id}`, { method: 'DELETE' }),
    invalidates: () => [queryKeys.apiKeys.all, queryKeys.users.all, queryKeys.audit.all],
    success: (_data, key) => `Revoked ${key.name} of ${key.username}`,
    handlesErrors: true,
  })
