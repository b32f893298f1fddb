import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Conversation, CreateConversationRequest } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const createConversation = (request: CreateConversationRequest) =>
  http<Conversation>('/corral/v1/me/conversations', { method: 'POST', body: request })

export function useCreateConversation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createConversation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.conversations.lists }),
  })
}
