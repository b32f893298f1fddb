import { useMutation, useQueryClient } from '@tanstack/react-query'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const deleteConversation = (id: string) =>
  http<void>(`/corral/v1/me/conversations/${id}`, { method: 'DELETE' })

export function useDeleteConversation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteConversation,
    onSuccess: (_nothing, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.conversations.detail(id) })
      return queryClient.invalidateQueries({ queryKey: queryKeys.conversations.lists })
    },
  })
}
