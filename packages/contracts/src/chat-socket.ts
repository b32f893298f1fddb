import { Type, type Static } from 'typebox'
import { Uuid } from './common.ts'
import { Message } from './conversations.ts'
import { WaitingReason } from './queue.ts'

/**
 * The chat WebSocket protocol (`/corral/v1/chat`). JSON text frames. The first client frame must be
 * `auth` with a browser session's access token; the server answers `ready` or closes with 4401 (frames
 * sent right after `auth` wait for it; a later `auth` with a fresh token keeps the session).
 * Conversations are stored on the server: a `send` appends the user message, the answer streams as
 * `delta` frames and is stored when it ends, so a reconnecting client reloads the conversation and
 * loses nothing. The socket closes with 4401 when its session, token or account ends.
 */

/** Before `auth` succeeds a socket may send this much in all: the `auth` frame and a few small ones. */
export const chatBytesBeforeAuth = 16 * 1024
/** The largest frame after authentication: a `send` with its images, base64-encoded. */
export const chatMaxFrameBytes = 32 * 1024 * 1024
export const chatMaxContentLength = 200_000
export const chatMaxImages = 8
/** Characters of one base64 image (about 18 MB of image). */
export const chatMaxImageLength = 24 * 1024 * 1024

const RequestId = Type.String({ minLength: 1, maxLength: 200 })

export const chatClientFrames = {
  auth: Type.Object({ type: Type.Literal('auth'), token: Type.String({ minLength: 1, maxLength: 4096 }) }),
  send: Type.Object({
    type: Type.Literal('send'),
    request_id: RequestId,
    conversation_id: Uuid,
    content: Type.String({ maxLength: chatMaxContentLength }),
    images: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: chatMaxImageLength }), { maxItems: chatMaxImages }),
    ),
  }),
  /** Answer again from the last user message, replacing the last assistant message. */
  regenerate: Type.Object({ type: Type.Literal('regenerate'), request_id: RequestId, conversation_id: Uuid }),
  /** Replace a user message (and drop everything after it), then answer. */
  edit: Type.Object({
    type: Type.Literal('edit'),
    request_id: RequestId,
    conversation_id: Uuid,
    message_id: Uuid,
    content: Type.String({ minLength: 1, maxLength: chatMaxContentLength }),
  }),
  stop: Type.Object({ type: Type.Literal('stop'), request_id: RequestId }),
  ping: Type.Object({ type: Type.Literal('ping') }),
}
export const ChatClientFrame = Type.Union([
  chatClientFrames.auth,
  chatClientFrames.send,
  chatClientFrames.regenerate,
  chatClientFrames.edit,
  chatClientFrames.stop,
  chatClientFrames.ping,
])
export type ChatClientFrame = Static<typeof ChatClientFrame>

const NullableMessage = Type.Union([Message, Type.Null()])
export const ChatServerFrame = Type.Union([
  Type.Object({ type: Type.Literal('ready'), user_id: Type.String(), username: Type.String() }),
  Type.Object({ type: Type.Literal('accepted'), request_id: Type.String(), user_message: NullableMessage }),
  Type.Object({
    type: Type.Literal('queued'),
    request_id: Type.String(),
    position: Type.Integer(),
    estimated_wait_ms: Type.Integer(),
    /** Why it waits (the same as `GET /corral/v1/me/queue`); absent when not known yet. */
    reason: Type.Optional(WaitingReason),
  }),
  Type.Object({ type: Type.Literal('started'), request_id: Type.String(), queue_wait_ms: Type.Integer() }),
  Type.Object({
    type: Type.Literal('delta'),
    request_id: Type.String(),
    content: Type.String(),
    thinking: Type.Optional(Type.String()),
  }),
  Type.Object({ type: Type.Literal('done'), request_id: Type.String(), message: Message }),
  Type.Object({ type: Type.Literal('stopped'), request_id: Type.String(), message: NullableMessage }),
  Type.Object({
    type: Type.Literal('error'),
    request_id: Type.Optional(Type.String()),
    code: Type.String(),
    message: Type.String(),
    retry_after_seconds: Type.Optional(Type.Integer()),
  }),
  Type.Object({ type: Type.Literal('pong') }),
])
export type ChatServerFrame = Static<typeof ChatServerFrame>

/**
 * Close codes beyond the standard ones: 4401 the credentials are missing, refused or ended (sign in
 * or refresh and reconnect), 4403 the page is from another site. Standard: 1009 a frame was too large
 * (or too much was sent before `auth`), 1013 too many connections (try again later).
 */
export const chatCloseCodes = {
  unauthenticated: 4401,
  forbidden: 4403,
  tooLarge: 1009,
  tryAgainLater: 1013,
} as const
