import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventBuffer, FrameTooLongError, LineBuffer } from '../../../src/streams/frame-buffer.ts'

const collect = (buffer: LineBuffer | EventBuffer, chunks: string[]) => {
  const frames: string[] = []
  const forwarded: string[] = []
  for (const chunk of chunks) {
    const out = buffer.push(Buffer.from(chunk), (frame) => frames.push(frame.toString()))
    if (out) forwarded.push(out.toString())
  }
  return { frames, forwarded, rest: buffer.take()?.toString() }
}

describe('FrameBuffer', () => {
  afterEach(() => vi.restoreAllMocks())

  it('splits lines, skips empty ones, and forwards only up to the last newline', () => {
    const { frames, forwarded, rest } = collect(new LineBuffer(), ['a\nb', 'c\n\nd\n', 'tail'])
    expect(frames).toEqual(['a', 'bc', 'd'])
    expect(forwarded).toEqual(['a\n', 'bc\n\nd\n'])
    expect(rest).toBe('tail')
  })

  it('finds an event separator split between two chunks', () => {
    const { frames, forwarded } = collect(new EventBuffer(), ['data: 1\n', '\ndata: 2\n\n'])
    expect(frames).toEqual(['data: 1', 'data: 2'])
    expect(forwarded).toEqual(['data: 1\n\ndata: 2\n\n'])
  })

  it('copies a long line once, however many chunks it came in', () => {
    const concat = vi.spyOn(Buffer, 'concat')
    const chunk = Buffer.alloc(64 * 1024, 'x')
    const buffer = new LineBuffer()
    for (let i = 0; i < 200; i++) expect(buffer.push(chunk, () => undefined)).toBeUndefined()
    const out = buffer.push(Buffer.from('x\n'), () => undefined)
    expect(out!.length).toBe(200 * chunk.length + 2)
    const copied = concat.mock.results.reduce((sum, result) => sum + (result.value as Buffer).length, 0)
    expect(copied).toBeLessThanOrEqual(out!.length)
  })

  it('refuses a line longer than the cap, without holding it', () => {
    const buffer = new LineBuffer(1024)
    buffer.push(Buffer.alloc(1000, 'x'), () => undefined)
    expect(() => buffer.push(Buffer.alloc(100, 'x'), () => undefined)).toThrow(FrameTooLongError)
    expect(() => new LineBuffer(10).push(Buffer.from(`${'y'.repeat(20)}\n`), () => undefined)).toThrow(
      /longer than/,
    )
  })
})
