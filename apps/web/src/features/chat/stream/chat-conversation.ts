import type { ChatServerFrame, Conversation } from '@corral/contracts'

/** Where an answer is: sent but not acknowledged, accepted, waiting in the queue, or streaming. */
export type LivePhase = 'sending' | 'waiting' | 'queued' | 'streaming'

/** The answer being produced right now, kept next to the stored messages until it is stored too. */
export interface LiveAnswer {
  request_id: string
  phase: LivePhase
  /** The question shown until the server has stored it (`accepted` carries the stored copy). */
  pending_user: { content: string; images: string[] } | null
  position: number | null
  estimated_wait_ms: number | null
  content: string
  thinking: string
}

export interface ChatFailure {
  request_id: string | null
  code: string
  message: string
  retry_after_seconds: number | null
}

/** The conversation query's data: the server's conversation plus what the socket has said since. */
export type ChatConversation = Conversation & { live: LiveAnswer | null; failure: ChatFailure | null }

export type RequestFrame = Extract<ChatServerFrame, { request_id: string }>

/** What the client itself did; the server's frames only carry request ids. */
export type LocalEvent =
  | { type: 'request-send'; request_id: string; content: string; images: string[] }
  | { type: 'request-regenerate'; request_id: string }
  | { type: 'request-edit'; request_id: string; message_id: string; content: string }
  /** The socket dropped: the server stops the answer and stores what was said. */
  | { type: 'connection-lost' }
  | { type: 'dismiss-failure' }

export type StreamEvent = RequestFrame | Extract<ChatServerFrame, { type: 'error' }> | LocalEvent

export const withStream = (conversation: Conversation): ChatConversation => ({
  ...conversation,
  live: null,
  failure: null,
})
