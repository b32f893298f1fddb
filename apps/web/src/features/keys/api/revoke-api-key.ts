import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const revokeApiKey = (id: string) => http<void>(`/corral/v1/me/keys/${id}`, { method: 'DELETE' })

export function useRevokeApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: (_nothing, id) => {
      queryClient.setQueryData<ApiKey[]>(queryKeys.apiKeys, (keys) => keys?.filter((key) => key.id !== id))
      return queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys })
    },
  })
}
