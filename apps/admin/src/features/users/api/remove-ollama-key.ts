import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export const useRemoveOllamaKey = () =>
  useAdminMutation({
    mutationFn: ({ userId, keyId }: { userId: string; keyId: string; name: string }) =>
      http<void>(`/corral/v1/admin/users/${userId}/ollama-keys/${keyId}`, { method: 'DELETE' }),
    invalidates: ({ userId }) => [queryKeys.users.overview(userId), queryKeys.audit.all],
    success: (_data, { name }) => `Removed the Ollama key ${name}`,
    handlesErrors: true,
  })
