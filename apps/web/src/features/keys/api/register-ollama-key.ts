import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { OllamaKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const registerOllamaKey = (request: { public_key: string; name?: string }) =>
  http<OllamaKey>('/corral/v1/me/ollama-keys', { method: 'POST', body: request })

export function useRegisterOllamaKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: registerOllamaKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.ollamaKeys }),
    meta: { handlesErrors: true },
  })
}
