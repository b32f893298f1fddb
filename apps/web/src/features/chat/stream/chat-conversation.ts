import type { ChatServerFrame, Conversation } from '@corral/contracts'

/** Where an answer is: sent but not acknowledged, accepted, waiting in the queue, or streaming. */
export type LivePhase = 'sending' | 'waiting' | 'queued' | 'streaming'

/** The answer being produced right now, kept next to the stored messages until it is stored too. */
export interface LiveAnswer {
  request_id: string
  phase: LivePhase
  /** The question shown until the server has stored it (`accepted` carries the stored copy). */
  pending_user: Question | null
  /** What a `send` asked, and the id the server stored it under once accepted: if the answer never
   * starts (stopped while queued, refused), the server forgets the question and the app gives it back. */
  question: (Question & { message_id: string | null }) | null
  position: number | null
  estimated_wait_ms: number | null
  /** Why it waits, in the server's words ("all 2 slots of gpu-1 busy"); absent until the server says. */
  reason?: string | null
  content: string
  thinking: string
}

export interface Question {
  content: string
  images: string[]
}

export interface ChatFailure {
  request_id: string | null
  code: string
  message: string
  retry_after_seconds: number | null
}

/** The conversation query's data: the server's conversation plus what the socket has said since. */
export type ChatConversation = Conversation & {
  live: LiveAnswer | null
  failure: ChatFailure | null
  /** A question the server did not keep, waiting to go back into the message box. */
  draft: Question | null
}

export type RequestFrame = Extract<ChatServerFrame, { request_id: string }>

/** What the client itself did; the server's frames only carry request ids. */
export type LocalEvent =
  | { type: 'request-send'; request_id: string; content: string; images: string[] }
  | { type: 'request-regenerate'; request_id: string }
  | { type: 'request-edit'; request_id: string; message_id: string; content: string }
  /** The socket dropped: the server stops the answer and stores what was said. */
  | { type: 'connection-lost' }
  | { type: 'dismiss-failure' }
  /** The message box took the returned question. */
  | { type: 'draft-taken' }

export type StreamEvent = RequestFrame | Extract<ChatServerFrame, { type: 'error' }> | LocalEvent

export const withStream = (conversation: Conversation): ChatConversation => ({
  ...conversation,
  live: null,
  failure: null,
  draft: null,
})
