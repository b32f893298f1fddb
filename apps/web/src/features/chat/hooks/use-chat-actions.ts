import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { queryKeys } from '../../../lib/query-keys.ts'
import { randomId } from '../../../lib/random-id.ts'
import { conversationQueryOptions } from '../api/get-conversation.ts'
import type { ChatBridge } from '../socket/chat-cache-bridge.ts'
import type { ChatConversation } from '../stream/chat-conversation.ts'
import { reduceStream } from '../stream/stream-reducer.ts'
import { useChatBridge } from './chat-socket-context.ts'

export type ChatActions = ReturnType<typeof chatActions>

/** Send, regenerate, edit-and-resend and stop for one conversation. */
export function useChatActions(conversationId: string): ChatActions {
  const queryClient = useQueryClient()
  const bridge = useChatBridge()
  return useMemo(
    () => chatActions(queryClient, bridge, conversationId),
    [bridge, conversationId, queryClient],
  )
}

/** For a conversation that does not exist yet when the hook runs (a new chat's first message). */
export function useChatActionsFor(): (conversationId: string) => ChatActions {
  const queryClient = useQueryClient()
  const bridge = useChatBridge()
  return (conversationId) => chatActions(queryClient, bridge, conversationId)
}

function chatActions(queryClient: QueryClient, bridge: ChatBridge, conversationId: string) {
  const key = queryKeys.conversations.detail(conversationId)
  // The conversation must be in the cache before its first frame arrives (a new chat sends at once).
  const ready = () => queryClient.ensureQueryData(conversationQueryOptions(conversationId))

  return {
    send: async (content: string, images: string[] = []) => {
      await ready()
      const request_id = randomId()
      bridge.begin(
        conversationId,
        { type: 'request-send', request_id, content, images },
        {
          type: 'send',
          request_id,
          conversation_id: conversationId,
          content,
          ...(images.length ? { images } : {}),
        },
      )
    },
    regenerate: async () => {
      await ready()
      const request_id = randomId()
      bridge.begin(
        conversationId,
        { type: 'request-regenerate', request_id },
        { type: 'regenerate', request_id, conversation_id: conversationId },
      )
    },
    edit: async (messageId: string, content: string) => {
      await ready()
      const request_id = randomId()
      bridge.begin(
        conversationId,
        { type: 'request-edit', request_id, message_id: messageId, content },
        { type: 'edit', request_id, conversation_id: conversationId, message_id: messageId, content },
      )
    },
    stop: () => {
      const live = queryClient.getQueryData<ChatConversation>(key)?.live
      if (live) bridge.stop(live.request_id)
    },
    dismissFailure: () => {
      queryClient.setQueryData<ChatConversation>(
        key,
        (current) => current && reduceStream(current, { type: 'dismiss-failure' }),
      )
    },
    takeDraft: () => {
      queryClient.setQueryData<ChatConversation>(
        key,
        (current) => current && reduceStream(current, { type: 'draft-taken' }),
      )
    },
  }
}
