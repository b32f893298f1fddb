import type { Message } from './conversations.ts'

/**
 * The chat WebSocket protocol (`/corral/v1/chat`). JSON text frames. The first client frame must be
 * `auth`; the server answers `ready` or closes with 4401 (frames sent right after `auth` wait for it;
 * a later `auth` with a fresh token keeps the session). Conversations are stored on the server: a
 * `send` appends the user message, the answer streams as `delta` frames and is stored when it ends,
 * so a reconnecting client reloads the conversation and loses nothing.
 */
export type ChatClientFrame =
  | { type: 'auth'; token: string }
  | {
      type: 'send'
      request_id: string
      conversation_id: string
      content: string
      images?: string[]
    }
  /** Answer again from the last user message, replacing the last assistant message. */
  | { type: 'regenerate'; request_id: string; conversation_id: string }
  /** Replace a user message (and drop everything after it), then answer. */
  | { type: 'edit'; request_id: string; conversation_id: string; message_id: string; content: string }
  | { type: 'stop'; request_id: string }
  | { type: 'ping' }

export type ChatServerFrame =
  | { type: 'ready'; user_id: string; username: string }
  | { type: 'accepted'; request_id: string; user_message: Message | null }
  | { type: 'queued'; request_id: string; position: number; estimated_wait_ms: number }
  | { type: 'started'; request_id: string; queue_wait_ms: number }
  | { type: 'delta'; request_id: string; content: string; thinking?: string }
  | { type: 'done'; request_id: string; message: Message }
  | { type: 'stopped'; request_id: string; message: Message | null }
  | { type: 'error'; request_id?: string; code: string; message: string; retry_after_seconds?: number }
  | { type: 'pong' }

/** Close codes beyond the standard ones. */
export const chatCloseCodes = { unauthenticated: 4401, forbidden: 4403 } as const
