/**
 * The framing of the one internal HTTP stream per forwarded request (a follower replica asking the
 * leader to run an inference request; docs/architecture.md). Each frame is a type byte, a 32-bit
 * big-endian length and the payload. Control frames carry JSON; `data` frames carry the upstream body's
 * bytes as they are, so relaying through a follower adds no escaping and no base64, and a chunk of the
 * upstream body is one frame. Framework-free, like the stream relays.
 */
export const frameTypes = {
  /** `{ position, reason }`: the request waits (sent on every change the requester would see). */
  queued: 0x71, // q
  /** `{ backend }`: the request got a slot. */
  started: 0x73, // s
  /** `{ status, headers }`: the upstream answer's head. */
  head: 0x68, // h
  /** Raw body bytes. */
  data: 0x64, // d
  /** `{ usage }`: the body is complete. */
  end: 0x65, // e
  /** `{ status, code, message }`: the request failed, before or during the body. */
  error: 0x78, // x
} as const

export type FrameType = keyof typeof frameTypes
export type Frame = { type: 'data'; bytes: Buffer } | { type: Exclude<FrameType, 'data'>; body: unknown }

const headerBytes = 5
/** A frame larger than this is a broken or hostile peer, not a body chunk (undici's are ≤ 64 KiB). */
export const maxFrameBytes = 16 * 1024 * 1024
const typeOfByte = new Map<number, FrameType>(
  Object.entries(frameTypes).map(([name, byte]) => [byte, name as FrameType]),
)

export function encodeData(bytes: Buffer): Buffer[] {
  // Two buffers, not one copy: the socket writes them with one writev.
  return [header(frameTypes.data, bytes.length), bytes]
}

export function encodeControl(type: Exclude<FrameType, 'data'>, body: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(body ?? null))
  return Buffer.concat([header(frameTypes[type], json.length), json])
}

function header(type: number, length: number): Buffer {
  if (length > maxFrameBytes) throw new RangeError(`a frame of ${length} bytes is over ${maxFrameBytes}`)
  const bytes = Buffer.allocUnsafe(headerBytes)
  bytes[0] = type
  bytes.writeUInt32BE(length, 1)
  return bytes
}

/** A broken peer. `frames` are those decoded from the same chunk before the fault (an `error` frame, say). */
export class FrameError extends Error {
  override name = 'FrameError'
  frames: Frame[] = []
}

/**
 * Reads frames from chunks cut anywhere (a header split across two chunks, many frames in one).
 * Data payloads are slices of the chunks received, copied only when a frame spans chunks: a chunk
 * handed to `push` must not be reused by its owner (socket chunks never are).
 */
export class FrameDecoder {
  private pending: Buffer[] = []
  private pendingBytes = 0

  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    const frames: Frame[] = []
    try {
      for (;;) {
        if (this.pendingBytes < headerBytes) break
        const head = this.peek(headerBytes)
        const typeByte = head[0]!
        const type = typeOfByte.get(typeByte)
        if (!type) throw new FrameError(`unknown frame type 0x${typeByte.toString(16)}`)
        const length = head.readUInt32BE(1)
        if (length > maxFrameBytes)
          throw new FrameError(`a frame of ${length} bytes is over ${maxFrameBytes}`)
        if (this.pendingBytes < headerBytes + length) break
        this.take(headerBytes)
        const payload = this.take(length)
        frames.push(type === 'data' ? { type, bytes: payload } : { type, body: parseJson(payload, type) })
      }
    } catch (error) {
      if (error instanceof FrameError) error.frames = frames
      throw error
    }
    return frames
  }

  /** True when a frame was cut off: the stream ended in the middle of one. */
  get partial(): boolean {
    return this.pendingBytes > 0
  }

  private peek(count: number): Buffer {
    return this.leading(count).subarray(0, count)
  }

  private take(count: number): Buffer {
    this.pendingBytes -= count
    if (count === 0) return Buffer.alloc(0)
    const first = this.leading(count)
    if (first.length === count) this.pending.shift()
    else this.pending[0] = first.subarray(count)
    return first.subarray(0, count)
  }

  /**
   * The first pending chunk, made at least `count` bytes long: when a header or a frame spans chunks,
   * just the leading chunks that cover it are joined, once.
   */
  private leading(count: number): Buffer {
    const first = this.pending[0]!
    if (first.length >= count) return first
    let chunks = 0
    let covered = 0
    while (covered < count) covered += this.pending[chunks++]!.length
    const joined = Buffer.concat(this.pending.slice(0, chunks), covered)
    this.pending.splice(0, chunks, joined)
    return joined
  }
}

function parseJson(payload: Buffer, type: FrameType): unknown {
  try {
    return JSON.parse(payload.toString('utf8'))
  } catch {
    throw new FrameError(`the ${type} frame is not JSON`)
  }
}
