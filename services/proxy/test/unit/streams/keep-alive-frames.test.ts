import { describe, expect, it } from 'vitest'
import { keepAliveFrames } from '../../../src/streams/keep-alive-frames.ts'

describe('keepAliveFrames', () => {
  it('keeps an SSE stream alive with a comment, and ends it with an error event every SDK raises', () => {
    const frames = keepAliveFrames('sse', 'llama3.2', '/v1/chat/completions')
    expect(frames.contentType).toBe('text/event-stream')
    expect(frames.beat()).toBe(': keep-alive\n\n')
    const error = frames.error(503, 'The request waited too long in the queue')
    expect(error).toMatch(/^event: error\ndata: .*\n\n$/)
    expect(JSON.parse(error.split('data: ')[1]!)).toEqual({
      type: 'error',
      error: {
        message: 'The request waited too long in the queue',
        type: 'api_error',
        param: null,
        code: null,
      },
    })
    const limited = JSON.parse(frames.error(429, 'slow down').split('data: ')[1]!) as {
      error: { type: string }
    }
    expect(limited.error.type).toBe('rate_limit_error')
  })

  it('keeps a chat stream alive with an empty piece of the chat, never a blank line', () => {
    const frames = keepAliveFrames('ndjson-chat', 'llama3.2', '/api/chat')
    expect(frames.contentType).toBe('application/x-ndjson')
    const beat = frames.beat()
    expect(beat.endsWith('}\n')).toBe(true)
    expect(beat.slice(0, -1)).not.toContain('\n')
    const piece = JSON.parse(beat) as unknown
    expect(piece).toEqual({
      model: 'llama3.2',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/) as string,
      message: { role: 'assistant', content: '' },
      done: false,
    })
    expect(frames.error(404, 'model "nope" not found')).toBe('{"error":"model \\"nope\\" not found"}\n')
  })

  it('keeps a generate stream alive with an empty response', () => {
    const piece = JSON.parse(keepAliveFrames('ndjson-generate', 'm', '/api/generate').beat()) as object
    expect(piece).toMatchObject({ model: 'm', response: '', done: false })
    expect(piece).not.toHaveProperty('message')
  })

  it('keeps a JSON answer alive with leading whitespace, and ends a failed one with the route’s error', () => {
    const native = keepAliveFrames('json', 'm', '/api/chat')
    expect(native.contentType).toBe('application/json; charset=utf-8')
    expect(native.beat()).toBe('\n')
    expect(JSON.parse(`${native.beat()}${native.beat()}{"done":true}`) as unknown).toEqual({ done: true })
    expect(JSON.parse(native.error(503, 'queue full'))).toEqual({ error: 'queue full' })
    const openAi = keepAliveFrames('json', 'm', '/v1/chat/completions')
    expect(JSON.parse(openAi.error(503, 'queue full'))).toEqual({
      error: { message: 'queue full', type: 'api_error', param: null, code: null },
    })
  })
})
