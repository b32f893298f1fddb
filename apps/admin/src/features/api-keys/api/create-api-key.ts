import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateApiKeyRequest, CreatedApiKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/**
 * The answer holds the secret: it is shown once by the dialog and forgotten when the dialog closes.
 * `gcTime: 0` drops the finished mutation (and the secret with it) from the cache as soon as nothing
 * shows it.
 */
export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ userId, request }: { userId: string; request: CreateApiKeyRequest }) =>
      http<CreatedApiKey>(`/corral/v1/admin/users/${userId}/keys`, { method: 'POST', body: request }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
      ]),
    gcTime: 0,
    meta: { handlesErrors: true },
  })
}
