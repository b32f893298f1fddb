import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Conversation } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import type { ChatConversation } from '../stream/chat-conversation.ts'

export const getConversation = (id: string, signal?: AbortSignal) =>
  http<Conversation>(`/corral/v1/me/conversations/${id}`, { signal })

/**
 * A conversation with its messages, plus the live answer the socket is streaming into it. A refetch
 * (window focus, reconnect) brings the stored messages and keeps the live state (and a question
 * waiting to go back into the message box), which only the socket's frames change.
 */
export const conversationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.conversations.detail(id),
    queryFn: async ({ signal, client, queryKey }): Promise<ChatConversation> => {
      const stored = await getConversation(id, signal)
      const current = client.getQueryData<ChatConversation>(queryKey)
      return {
        ...stored,
        live: current?.live ?? null,
        failure: current?.failure ?? null,
        draft: current?.draft ?? null,
      }
    },
  })

export const useConversation = (id: string) => useQuery(conversationQueryOptions(id))
