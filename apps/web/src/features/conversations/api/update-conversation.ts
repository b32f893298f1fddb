import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Conversation, ConversationSummary, UpdateConversationRequest } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const updateConversation = (id: string, changes: UpdateConversationRequest) =>
  http<ConversationSummary>(`/corral/v1/me/conversations/${id}`, { method: 'PATCH', body: changes })

/** Rename, or change the model, system prompt or options (`temperature`, `num_ctx`). */
export function useUpdateConversation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateConversationRequest }) =>
      updateConversation(id, changes),
    onSuccess: (summary, { id, changes }) => {
      // Merge into the open conversation without a refetch: an answer may be streaming into it.
      queryClient.setQueryData<Conversation>(
        queryKeys.conversations.detail(id),
        (current) =>
          current && {
            ...current,
            ...summary,
            system_prompt: changes.system_prompt ?? current.system_prompt,
            options: changes.options ?? current.options,
          },
      )
      return queryClient.invalidateQueries({ queryKey: queryKeys.conversations.lists })
    },
  })
}
