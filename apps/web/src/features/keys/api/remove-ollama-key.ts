import { useMutation, useQueryClient } from '@tanstack/react-query'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const removeOllamaKey = (id: string) =>
  http<void>(`/corral/v1/me/ollama-keys/${id}`, { method: 'DELETE' })

export function useRemoveOllamaKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: removeOllamaKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.ollamaKeys }),
  })
}
