import { describe, expect, it } from 'vitest'
import { SseParser } from './sse-parser.ts'

describe('the SSE parser', () => {
  it('returns whole messages, however the text is split', () => {
    const parser = new SseParser()
    const text =
      'retry: 2000\n\nevent: ready\ndata: {"last_seq":4}\n\nid: 5\nevent: audit\ndata: {"seq":5}\n\n'
    const messages = [...text].flatMap((char) => parser.push(char))
    expect(messages).toEqual([
      { id: null, event: 'ready', data: '{"last_seq":4}' },
      { id: '5', event: 'audit', data: '{"seq":5}' },
    ])
  })

  it('skips comments (heartbeats), joins data lines, and reads CRLF line ends', () => {
    const parser = new SseParser()
    expect(parser.push(': heartbeat\n\ndata: a\r\ndata:b\r\n\r\n')).toEqual([
      { id: null, event: 'message', data: 'a\nb' },
    ])
  })

  it('keeps an unfinished message for the next chunk', () => {
    const parser = new SseParser()
    expect(parser.push('id: 1\nevent: audit\ndata: {}')).toEqual([])
    expect(parser.push('\n\n')).toEqual([{ id: '1', event: 'audit', data: '{}' }])
  })
})
