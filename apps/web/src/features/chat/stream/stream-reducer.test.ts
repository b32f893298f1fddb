import { describe, expect, it } from 'vitest'
import { conversation, message } from '../../../test/fixtures.ts'
import type { ChatConversation, StreamEvent } from './chat-conversation.ts'
import { reduceStream } from './stream-reducer.ts'

const play = (state: ChatConversation, events: StreamEvent[]) => events.reduce(reduceStream, state)
const question = message({ role: 'user', content: 'Hi?' })
const answer = message({ role: 'assistant', content: 'Hello there', model: 'llama3.2' })
const send: StreamEvent = { type: 'request-send', request_id: 'r1', content: 'Hi?', images: [] }

describe('reduceStream', () => {
  it('shows the question at once, then queue position, then the answer growing, then the stored answer', () => {
    let state = play(conversation(), [send])
    expect(state.live).toMatchObject({ phase: 'sending', pending_user: { content: 'Hi?' } })

    state = play(state, [{ type: 'accepted', request_id: 'r1', user_message: question }])
    expect(state.messages).toEqual([question])
    expect(state.live).toMatchObject({ phase: 'waiting', pending_user: null })

    state = play(state, [{ type: 'queued', request_id: 'r1', position: 2, estimated_wait_ms: 4000 }])
    expect(state.live).toMatchObject({ phase: 'queued', position: 2, estimated_wait_ms: 4000, reason: null })
    const reason = {
      kind: 'higher-priority' as const,
      ahead: 1,
      text: '1 request of higher effective priority ahead',
    }
    state = play(state, [{ type: 'queued', request_id: 'r1', position: 1, estimated_wait_ms: 2000, reason }])
    expect(state.live).toMatchObject({ position: 1, reason: reason.text })

    state = play(state, [
      { type: 'started', request_id: 'r1', queue_wait_ms: 900 },
      { type: 'delta', request_id: 'r1', content: 'Hello' },
      { type: 'delta', request_id: 'r1', content: ' there' },
    ])
    expect(state.live).toMatchObject({
      phase: 'streaming',
      position: null,
      reason: null,
      content: 'Hello there',
    })

    state = play(state, [{ type: 'done', request_id: 'r1', message: answer }])
    expect(state.live).toBeNull()
    expect(state.messages).toEqual([question, answer])
  })

  it('keeps thinking apart from the answer', () => {
    const state = play(conversation(), [
      send,
      { type: 'delta', request_id: 'r1', content: '', thinking: 'Hmm, ' },
      { type: 'delta', request_id: 'r1', content: 'Yes', thinking: '' },
    ])
    expect(state.live).toMatchObject({ thinking: 'Hmm, ', content: 'Yes' })
  })

  it('stores a stopped answer, or none when nothing had arrived', () => {
    const accepted: StreamEvent = { type: 'accepted', request_id: 'r1', user_message: question }
    const started: StreamEvent = { type: 'started', request_id: 'r1', queue_wait_ms: 0 }
    const partial = message({ role: 'assistant', content: 'Hel', status: 'stopped' })
    const withPartial = play(conversation(), [
      send,
      accepted,
      started,
      { type: 'stopped', request_id: 'r1', message: partial },
    ])
    expect(withPartial.live).toBeNull()
    expect(withPartial.messages).toEqual([question, partial])

    const empty = play(conversation(), [
      send,
      accepted,
      started,
      { type: 'stopped', request_id: 'r1', message: null },
    ])
    expect(empty.live).toBeNull()
    expect(empty.messages).toEqual([question])
    expect(empty.draft).toBeNull()
  })

  it('gives a question stopped while queued back to the message box, and drops it from the conversation', () => {
    const earlier = message({ role: 'user', content: 'Before' })
    const photo: StreamEvent = { type: 'request-send', request_id: 'r1', content: 'Hi?', images: ['iVBOR'] }
    const stored = message({ role: 'user', content: 'Hi?', images: ['iVBOR'] })
    const state = play(conversation({ messages: [earlier] }), [
      photo,
      { type: 'accepted', request_id: 'r1', user_message: stored },
      { type: 'queued', request_id: 'r1', position: 3, estimated_wait_ms: 9000 },
      { type: 'stopped', request_id: 'r1', message: null },
    ])
    expect(state.live).toBeNull()
    expect(state.messages).toEqual([earlier])
    expect(state.draft).toEqual({ content: 'Hi?', images: ['iVBOR'] })
    expect(reduceStream(state, { type: 'draft-taken' }).draft).toBeNull()
  })

  it('gives back a question stopped before the server even had it', () => {
    const state = play(conversation(), [send, { type: 'stopped', request_id: 'r1', message: null }])
    expect(state.draft).toEqual({ content: 'Hi?', images: [] })
  })

  it('gives nothing back when a regenerate is stopped while queued: its question stays', () => {
    const history = conversation({ messages: [question, answer] })
    const state = play(history, [
      { type: 'request-regenerate', request_id: 'r2' },
      { type: 'accepted', request_id: 'r2', user_message: null },
      { type: 'stopped', request_id: 'r2', message: null },
    ])
    expect(state.draft).toBeNull()
    expect(state.messages).toEqual([question])
  })

  it('ends the live answer with a failure the user can read, keeping the retry time', () => {
    const state = play(conversation(), [
      send,
      {
        type: 'error',
        request_id: 'r1',
        code: 'CORRAL_ERR_QUEUE_FULL',
        message: 'The queue is full',
        retry_after_seconds: 7,
      },
    ])
    expect(state.live).toBeNull()
    expect(state.failure).toEqual({
      request_id: 'r1',
      code: 'CORRAL_ERR_QUEUE_FULL',
      message: 'The queue is full',
      retry_after_seconds: 7,
    })
    expect(reduceStream(state, { type: 'dismiss-failure' }).failure).toBeNull()
    // Refused before it started, the question was not kept: it goes back into the message box.
    expect(state.draft).toEqual({ content: 'Hi?', images: [] })
  })

  it('keeps the question of an answer that failed after it started', () => {
    const state = play(conversation(), [
      send,
      { type: 'accepted', request_id: 'r1', user_message: question },
      { type: 'delta', request_id: 'r1', content: 'Hal' },
      { type: 'error', request_id: 'r1', code: 'CORRAL_ERR_UPSTREAM', message: 'The model failed' },
    ])
    expect(state.messages).toEqual([question])
    expect(state.draft).toBeNull()
  })

  it('ignores duplicated frames', () => {
    const state = play(conversation(), [
      send,
      { type: 'accepted', request_id: 'r1', user_message: question },
      { type: 'accepted', request_id: 'r1', user_message: question },
      { type: 'done', request_id: 'r1', message: answer },
      { type: 'done', request_id: 'r1', message: answer },
      { type: 'stopped', request_id: 'r1', message: null },
    ])
    expect(state.messages).toEqual([question, answer])
    expect(state.live).toBeNull()
  })

  it('ignores frames that arrive after the answer ended, or for another request', () => {
    const ended = play(conversation(), [send, { type: 'done', request_id: 'r1', message: answer }])
    const after = play(ended, [
      { type: 'delta', request_id: 'r1', content: 'late' },
      { type: 'queued', request_id: 'r1', position: 1, estimated_wait_ms: 1 },
      { type: 'error', request_id: 'r1', code: 'CORRAL_ERR_UPSTREAM', message: 'late' },
      { type: 'delta', request_id: 'other', content: 'stranger' },
    ])
    expect(after).toEqual(ended)
  })

  it('never moves back to the queue once streaming, and treats a delta before started as a start', () => {
    const state = play(conversation(), [
      send,
      { type: 'delta', request_id: 'r1', content: 'A' },
      { type: 'queued', request_id: 'r1', position: 3, estimated_wait_ms: 9000 },
      { type: 'started', request_id: 'r1', queue_wait_ms: 0 },
      { type: 'accepted', request_id: 'r1', user_message: question },
      { type: 'delta', request_id: 'r1', content: 'B' },
    ])
    expect(state.live).toMatchObject({
      phase: 'streaming',
      position: null,
      content: 'AB',
      pending_user: null,
    })
    expect(state.messages).toEqual([question])
  })

  it('regenerates by dropping the last answer, and edits by cutting the conversation at the edited message', () => {
    const later = message({ role: 'user', content: 'And?' })
    const history = conversation({ messages: [question, answer, later, message({ role: 'assistant' })] })

    const regenerated = reduceStream(history, { type: 'request-regenerate', request_id: 'r2' })
    expect(regenerated.messages).toEqual([question, answer, later])

    const edited = reduceStream(history, {
      type: 'request-edit',
      request_id: 'r3',
      message_id: question.id,
      content: 'Hello?',
    })
    expect(edited.messages).toEqual([{ ...question, content: 'Hello?' }])
    expect(edited.live).toMatchObject({ request_id: 'r3', phase: 'sending', pending_user: null })
  })

  it('turns a dropped connection into a failure and forgets the live answer', () => {
    const state = play(conversation(), [
      send,
      { type: 'delta', request_id: 'r1', content: 'Hal' },
      { type: 'connection-lost' },
    ])
    expect(state.live).toBeNull()
    expect(state.failure?.code).toBe('CORRAL_ERR_CONNECTION_LOST')
    expect(state.draft).toBeNull()
    expect(reduceStream(conversation(), { type: 'connection-lost' })).toEqual(conversation())
    // Waiting in the queue when the connection dropped: the server forgot the question.
    const queued = play(conversation(), [send, { type: 'connection-lost' }])
    expect(queued.draft).toEqual({ content: 'Hi?', images: [] })
  })
})
