import type { QueryClient } from '@tanstack/react-query'
import type { ChatServerFrame } from '@corral/contracts'
import { queryKeys } from '../../../lib/query-keys.ts'
import { tokenStore } from '@corral/web-kit'
import type { ChatConversation, StreamEvent } from '../stream/chat-conversation.ts'
import { reduceStream } from '../stream/stream-reducer.ts'
import { chatToken } from './chat-token.ts'
import {
  ChatSocketClient,
  chatSocketUrl,
  type ChatSocketOptions,
  type ConnectionState,
  type OutgoingFrame,
} from './chat-socket-client.ts'

export interface ChatBridge {
  /** Records which conversation a request belongs to (frames carry only the request id), applies the
   * local event to that conversation's query data, then sends the frame. */
  begin(conversationId: string, event: StreamEvent, frame: OutgoingFrame): void
  stop(requestId: string): void
  start(): void
  close(): void
  reauthenticate(): Promise<void>
  connection: { get: () => ConnectionState; subscribe: (listener: () => void) => () => void }
}

const terminal = new Set<ChatServerFrame['type']>(['done', 'stopped', 'error'])

/**
 * Wires the socket to TanStack Query: every frame is folded into the owning conversation's query by
 * the stream reducer; when an answer ends, or the socket comes back after a drop, the conversation is
 * refetched so the cache holds exactly what the server stored.
 */
export function createChatBridge(
  queryClient: QueryClient,
  onProblem: (frame: Extract<ChatServerFrame, { type: 'error' }>) => void,
  socketOptions: Partial<ChatSocketOptions> = {},
): ChatBridge {
  const owners = new Map<string, string>()
  const listeners = new Set<() => void>()
  let state: ConnectionState = 'idle'

  const apply = (conversationId: string, event: StreamEvent) =>
    queryClient.setQueryData<ChatConversation>(
      queryKeys.conversations.detail(conversationId),
      (current) => current && reduceStream(current, event),
    )
  const refetch = (conversationId: string) =>
    void queryClient.invalidateQueries({ queryKey: queryKeys.conversations.detail(conversationId) })
  const refetchLists = () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversations.lists })

  const client = new ChatSocketClient({
    url: chatSocketUrl(window.location),
    getToken: chatToken(tokenStore),
    onFrame: (frame) => {
      if (!('request_id' in frame) || !frame.request_id) {
        if (frame.type === 'error') onProblem(frame)
        return
      }
      const conversationId = owners.get(frame.request_id)
      if (!conversationId) return
      apply(conversationId, frame)
      // The first question names a new conversation: show the new title (a refetch keeps the live answer).
      if (frame.type === 'accepted') {
        refetch(conversationId)
        refetchLists()
      }
      if (terminal.has(frame.type)) {
        owners.delete(frame.request_id)
        refetch(conversationId)
        refetchLists()
      }
    },
    onConnectionLost: (requestIds) => {
      for (const requestId of requestIds) {
        const conversationId = owners.get(requestId)
        if (conversationId) apply(conversationId, { type: 'connection-lost' })
        owners.delete(requestId)
      }
    },
    onReconnect: () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversations.all }),
    onSignedOut: () => tokenStore.signOut('Your session ended. Sign in again.'),
    onStateChange: (next) => {
      state = next
      for (const listener of listeners) listener()
    },
    ...socketOptions,
  })

  return {
    begin(conversationId, event, frame) {
      owners.set(frame.request_id, conversationId)
      apply(conversationId, event)
      client.send(frame)
    },
    stop: (requestId) => client.send({ type: 'stop', request_id: requestId }),
    start: () => client.start(),
    close: () => client.close(),
    reauthenticate: () => client.reauthenticate(),
    connection: {
      get: () => state,
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  }
}
