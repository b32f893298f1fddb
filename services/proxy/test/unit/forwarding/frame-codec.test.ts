import { describe, expect, it } from 'vitest'
import {
  type Frame,
  FrameDecoder,
  FrameError,
  encodeControl,
  encodeData,
  maxFrameBytes,
} from '../../../src/forwarding/frame-codec.ts'
import { seededRandom } from '../scheduler/seeded-random.ts'

const stream: Frame[] = [
  { type: 'queued', body: { position: 3, reason: 'all 2 slots of gpu-1 busy' } },
  { type: 'queued', body: { position: 1, reason: 'all 2 slots of gpu-1 busy' } },
  { type: 'started', body: { backend: 'gpu-1' } },
  { type: 'head', body: { status: 200, headers: { 'content-type': 'application/x-ndjson' } } },
  { type: 'data', bytes: Buffer.from('{"message":{"content":"Hé"},"done":false}\n') },
  { type: 'data', bytes: Buffer.alloc(0) },
  { type: 'data', bytes: Buffer.alloc(70_000, 7) },
  { type: 'end', body: { usage: { prompt_tokens: 10, output_tokens: 2 } } },
]
const encode = (frames: Frame[]) =>
  Buffer.concat(
    frames.flatMap((frame) =>
      frame.type === 'data' ? encodeData(frame.bytes) : [encodeControl(frame.type, frame.body)],
    ),
  )

// Buffers compared as base64 strings: a deep comparison of 70 KB, byte by byte, 200 times, is slow.
const comparable = (frames: Frame[]) =>
  frames.map((frame) => (frame.type === 'data' ? { data: frame.bytes.toString('base64') } : frame))

describe('the forwarding frame codec', () => {
  it('reads back every frame whatever the chunks were cut at, headers split included', () => {
    const bytes = encode(stream)
    const random = seededRandom(42)
    for (let round = 0; round < 200; round++) {
      const decoder = new FrameDecoder()
      const frames: Frame[] = []
      for (let offset = 0; offset < bytes.length;) {
        const size = round === 0 ? 1 : random.int(1, round % 2 ? 7 : 9000)
        frames.push(...decoder.push(bytes.subarray(offset, offset + size)))
        offset += size
      }
      expect(comparable(frames)).toEqual(comparable(stream))
      expect(decoder.partial).toBe(false)
    }
  })

  it('hands out data that lies within one chunk without copying it', () => {
    const payload = Buffer.alloc(10_000, 1) // above Node's 4 KiB buffer pool: its own memory
    const chunk = Buffer.concat(encodeData(payload))
    const [frame] = new FrameDecoder().push(chunk)
    const bytes = (frame as { bytes: Buffer }).bytes
    expect(bytes.buffer).toBe(chunk.buffer)
    expect(bytes.byteOffset).toBe(chunk.byteOffset + 5)
    chunk[5] = 2 // the frame is a view of the chunk, not a copy
    expect(bytes[0]).toBe(2)
  })

  it('says when the stream stopped inside a frame', () => {
    const bytes = encode(stream.slice(0, 5))
    const decoder = new FrameDecoder()
    expect(decoder.push(bytes.subarray(0, bytes.length - 3))).toHaveLength(4)
    expect(decoder.partial).toBe(true)
  })

  it('refuses an unknown frame type, an oversized frame and a control frame that is not JSON', () => {
    expect(() => new FrameDecoder().push(Buffer.from([0x51, 0, 0, 0, 0]))).toThrow(FrameError)
    const huge = Buffer.alloc(5)
    huge[0] = 0x64
    huge.writeUInt32BE(maxFrameBytes + 1, 1)
    expect(() => new FrameDecoder().push(huge)).toThrow(/over/)
    const notJson = Buffer.concat([Buffer.from([0x65, 0, 0, 0, 2]), Buffer.from('{x')])
    expect(() => new FrameDecoder().push(notJson)).toThrow(/not JSON/)
    expect(() => encodeData(Buffer.alloc(maxFrameBytes + 1))).toThrow(RangeError)
  })

  it('keeps the frames before a fault in the same chunk', () => {
    const good = encodeControl('error', { status: 502, code: 'CORRAL_ERR_UPSTREAM_UNAVAILABLE' })
    const error = (() => {
      try {
        new FrameDecoder().push(Buffer.concat([good, Buffer.from([0x51, 0, 0, 0, 0])]))
      } catch (caught) {
        return caught as FrameError
      }
    })()
    expect(error?.frames).toEqual([
      { type: 'error', body: { status: 502, code: 'CORRAL_ERR_UPSTREAM_UNAVAILABLE' } },
    ])
    expect(new FrameDecoder().push(encodeControl('end', undefined))).toEqual([{ type: 'end', body: null }])
  })
})
