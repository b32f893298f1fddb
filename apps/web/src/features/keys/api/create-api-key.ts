import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateApiKeyRequest, CreatedApiKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const createApiKey = (request: CreateApiKeyRequest) =>
  http<CreatedApiKey>('/corral/v1/me/keys', { method: 'POST', body: request })

/** The response holds the secret key: it is shown once and never cached. */
export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys }),
    meta: { handlesErrors: true },
  })
}
