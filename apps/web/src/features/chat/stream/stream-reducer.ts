import type { Message } from '@corral/contracts'
import type { ChatConversation, LiveAnswer, Question, StreamEvent } from './chat-conversation.ts'

const startLive = (request_id: string, asked: Question | null): LiveAnswer => ({
  request_id,
  phase: 'sending',
  pending_user: asked,
  question: asked && { ...asked, message_id: null },
  position: null,
  estimated_wait_ms: null,
  content: '',
  thinking: '',
})

/**
 * The live request ended before its answer started (stopped while queued, or refused): the server has
 * not kept the question, so it leaves the conversation and goes back into the message box.
 */
function returnQuestion(state: ChatConversation, live: LiveAnswer): ChatConversation {
  if (live.phase === 'streaming' || !live.question) return { ...state, live: null }
  const { message_id, content, images } = live.question
  return {
    ...state,
    live: null,
    messages: message_id ? state.messages.filter((message) => message.id !== message_id) : state.messages,
    draft: { content, images },
  }
}

/** Appends a stored message once: a duplicate frame, or a refetch that already has it, adds nothing. */
function appendOnce(messages: Message[], message: Message | null): Message[] {
  if (!message || messages.some((existing) => existing.id === message.id)) return messages
  return [...messages, message]
}

/**
 * Folds chat events into the conversation query's data. Pure, so it is tested frame by frame.
 * Frames for a request this conversation is not waiting for (late, duplicated, or from before a
 * reconnect) change nothing; a phase never goes backwards (a late `queued` after `started` is ignored).
 */
export function reduceStream(state: ChatConversation, event: StreamEvent): ChatConversation {
  switch (event.type) {
    case 'request-send':
      return {
        ...state,
        failure: null,
        live: startLive(event.request_id, { content: event.content, images: event.images }),
      }
    case 'request-regenerate': {
      const last = state.messages.at(-1)
      const messages = last?.role === 'assistant' ? state.messages.slice(0, -1) : state.messages
      return { ...state, messages, failure: null, live: startLive(event.request_id, null) }
    }
    case 'request-edit': {
      const index = state.messages.findIndex((message) => message.id === event.message_id)
      const original = state.messages[index]
      if (!original) return state
      const messages = [...state.messages.slice(0, index), { ...original, content: event.content }]
      return { ...state, messages, failure: null, live: startLive(event.request_id, null) }
    }
    case 'connection-lost':
      if (!state.live) return state
      return {
        // The server stops the request; one that had not started yet forgets its question.
        ...returnQuestion(state, state.live),
        failure: {
          request_id: state.live.request_id,
          code: 'CORRAL_ERR_CONNECTION_LOST',
          message: 'The connection dropped, which stopped the answer. What had arrived is saved.',
          retry_after_seconds: null,
        },
      }
    case 'dismiss-failure':
      return state.failure ? { ...state, failure: null } : state
    case 'draft-taken':
      return state.draft ? { ...state, draft: null } : state
    case 'error': {
      if (event.request_id !== undefined && event.request_id !== state.live?.request_id) return state
      const ended =
        state.live && event.request_id === state.live.request_id ? returnQuestion(state, state.live) : state
      return {
        ...ended,
        live: null,
        failure: {
          request_id: event.request_id ?? null,
          code: event.code,
          message: event.message,
          retry_after_seconds: event.retry_after_seconds ?? null,
        },
      }
    }
    default:
      return reduceLiveFrame(state, event)
  }
}

function reduceLiveFrame(
  state: ChatConversation,
  event: Exclude<
    StreamEvent,
    { type: `request-${string}` | 'connection-lost' | 'dismiss-failure' | 'draft-taken' | 'error' }
  >,
): ChatConversation {
  const live = state.live
  if (!live || live.request_id !== event.request_id) return state
  switch (event.type) {
    case 'accepted':
      return {
        ...state,
        messages: appendOnce(state.messages, event.user_message),
        live: {
          ...live,
          pending_user: null,
          question: live.question && { ...live.question, message_id: event.user_message?.id ?? null },
          phase: live.phase === 'sending' ? 'waiting' : live.phase,
        },
      }
    case 'queued':
      if (live.phase === 'streaming') return state
      return {
        ...state,
        live: {
          ...live,
          phase: 'queued',
          position: event.position,
          estimated_wait_ms: event.estimated_wait_ms,
          reason: event.reason?.text ?? live.reason ?? null,
        },
      }
    case 'started':
      return live.phase === 'streaming'
        ? state
        : {
            ...state,
            live: { ...live, phase: 'streaming', position: null, estimated_wait_ms: null, reason: null },
          }
    case 'delta':
      return {
        ...state,
        live: {
          ...live,
          phase: 'streaming',
          position: null,
          estimated_wait_ms: null,
          reason: null,
          content: live.content + event.content,
          thinking: live.thinking + (event.thinking ?? ''),
        },
      }
    case 'done':
      return { ...state, messages: appendOnce(state.messages, event.message), live: null }
    case 'stopped':
      if (!event.message) return returnQuestion(state, live)
      return { ...state, messages: appendOnce(state.messages, event.message), live: null }
  }
}
