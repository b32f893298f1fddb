import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { ConversationSummary } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getConversations = (search: string, signal?: AbortSignal) =>
  http<{ conversations: ConversationSummary[] }>('/corral/v1/me/conversations', {
    query: { q: search.trim() || undefined },
    signal,
  }).then((body) => body.conversations)

export const conversationsQueryOptions = (search: string) =>
  queryOptions({
    queryKey: queryKeys.conversations.list(search.trim()),
    queryFn: ({ signal }) => getConversations(search, signal),
    // While a new search runs, keep showing the last list rather than a blank sidebar.
    placeholderData: keepPreviousData,
  })

export const useConversations = (search: string) => useQuery(conversationsQueryOptions(search))
