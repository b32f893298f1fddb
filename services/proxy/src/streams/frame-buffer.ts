const newline = Buffer.from('\n')
const blankLine = Buffer.from('\n\n')

/**
 * The longest NDJSON line or SSE event Corral relays. Ollama's longest lines are final lines with a
 * `context` array (one number per token: a few MB at most); the Go CLI itself gives up past 8 MB.
 * Anything longer is a backend misbehaving, and holding it would cost memory for nothing.
 */
export const maxFrameBytes = 16 * 1024 * 1024

/** A backend sent a line (or event) longer than the cap; the stream cannot be relayed in whole frames. */
export class FrameTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`the model backend sent a line longer than ${Math.round(limit / (1024 * 1024))} MiB`)
    this.name = 'FrameTooLongError'
  }
}

/**
 * Splits a byte stream into frames ended by a separator (`\n` for NDJSON, `\n\n` for SSE). Upstream
 * chunks may split a frame or hold several. The unfinished frame is kept as a list of chunks and
 * joined once when its separator arrives, so a frame of n bytes costs O(n) however many chunks it
 * takes (joining on every chunk would be quadratic: a 64 MB line without a newline cost minutes of
 * CPU). In the common case, whole frames in one chunk, nothing is copied.
 */
export class FrameBuffer {
  private readonly pending: Buffer[] = []
  private pendingBytes = 0
  /**
   * Separators are found through their first byte, searched for as a number: `Buffer.indexOf` with a
   * number is several times faster than with a buffer, and this runs for every chunk of every stream.
   */
  private readonly first: number
  private readonly second: number | undefined

  constructor(
    private readonly separator: Buffer,
    readonly maxBytes = maxFrameBytes,
  ) {
    if (separator.length < 1 || separator.length > 2) throw new Error('separators are one or two bytes')
    this.first = separator[0]!
    this.second = separator[1]
  }

  /**
   * Feeds a chunk; calls `onFrame` for each complete, non-empty frame (without its separator) and
   * returns the bytes up to the last separator (to forward), or undefined when no frame completed.
   * Throws `FrameTooLongError`, before looking at the chunk's frames, when the unfinished frame would
   * grow past the cap.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): Buffer | undefined {
    const end = this.lastFrameEnd(chunk)
    if (end === -1) {
      if (this.pendingBytes + chunk.length > this.maxBytes) throw new FrameTooLongError(this.maxBytes)
      if (chunk.length > 0) this.pending.push(chunk)
      this.pendingBytes += chunk.length
      return undefined
    }
    const data = this.joinWith(chunk, end)
    this.forEachFrame(data, onFrame)
    this.pending.length = 0
    this.pendingBytes = 0
    if (end < chunk.length) {
      // Copied: a small tail must not pin the whole socket chunk it came in.
      const tail = Buffer.from(chunk.subarray(end))
      this.pending.push(tail)
      this.pendingBytes = tail.length
    }
    return data
  }

  /** The unterminated tail at the end of the stream, if any. */
  take(): Buffer | undefined {
    if (this.pendingBytes === 0) return undefined
    const rest = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
    this.pending.length = 0
    this.pendingBytes = 0
    return rest
  }

  /**
   * Where, in `chunk`, the bytes to forward end: just after its last separator, counting one that
   * straddles the previous chunk and this one. -1 when the chunk completes no frame.
   */
  private lastFrameEnd(chunk: Buffer): number {
    const last = this.lastSeparator(chunk)
    if (last !== -1) return last + this.separator.length
    return this.straddles(chunk) ? 1 : -1
  }

  /** True when a two-byte separator starts at the end of the pending bytes and ends in this chunk. */
  private straddles(chunk: Buffer): boolean {
    const { separator } = this
    if (separator.length !== 2 || this.pendingBytes === 0 || chunk[0] !== separator[1]) return false
    const tail = this.pending[this.pending.length - 1]!
    return tail[tail.length - 1] === separator[0]
  }

  /** The pending frame and the chunk up to `end`, as one buffer (a copy only when a frame was pending). */
  private joinWith(chunk: Buffer, end: number): Buffer {
    const head = end === chunk.length ? chunk : chunk.subarray(0, end)
    if (this.pendingBytes === 0) return head
    // The frame that was waiting completes here: it is checked against the cap and copied once.
    if (this.pendingFrameLength(chunk) > this.maxBytes) throw new FrameTooLongError(this.maxBytes)
    return Buffer.concat([...this.pending, head], this.pendingBytes + end)
  }

  /** The length of the pending frame once this chunk (which completes it) is added. */
  private pendingFrameLength(chunk: Buffer): number {
    if (this.straddles(chunk)) return this.pendingBytes - 1
    return this.pendingBytes + this.nextSeparator(chunk, 0)
  }

  private nextSeparator(data: Buffer, from: number): number {
    const { first, second } = this
    for (let at = data.indexOf(first, from); at !== -1; at = data.indexOf(first, at + 1)) {
      if (second === undefined || data[at + 1] === second) return at
    }
    return -1
  }

  private lastSeparator(data: Buffer): number {
    const { first, second } = this
    if (second === undefined) return data.lastIndexOf(first)
    for (let at = data.lastIndexOf(second); at > 0; at = data.lastIndexOf(second, at - 1)) {
      if (data[at - 1] === first) return at - 1
    }
    return -1
  }

  private forEachFrame(data: Buffer, onFrame: (frame: Buffer) => void): void {
    const { separator, maxBytes } = this
    for (let start = 0; start < data.length;) {
      const stop = this.nextSeparator(data, start)
      if (stop === -1) break
      if (stop - start > maxBytes) throw new FrameTooLongError(maxBytes)
      if (stop > start) onFrame(data.subarray(start, stop))
      start = stop + separator.length
    }
  }
}

/** NDJSON: one JSON value per `\n`-terminated line. */
export class LineBuffer extends FrameBuffer {
  constructor(maxBytes = maxFrameBytes) {
    super(newline, maxBytes)
  }
}

/** Server-sent events: one event per blank-line-terminated block. */
export class EventBuffer extends FrameBuffer {
  constructor(maxBytes = maxFrameBytes) {
    super(blankLine, maxBytes)
  }
}
