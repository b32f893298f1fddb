const newline = 0x0a

/**
 * Splits a byte stream into complete `\n`-terminated lines. Upstream chunks may split a line or
 * hold several; a line may be megabytes (Ollama's `context` arrays). Only the unterminated tail is
 * copied between chunks, so the common case (one whole line per chunk) allocates nothing.
 */
export class LineBuffer {
  private remainder: Buffer | undefined

  /**
   * Feeds a chunk; calls `onLine` for each complete line (without its `\n`) and returns the bytes
   * that end on a line boundary (to forward), or undefined when no line completed.
   */
  push(chunk: Buffer, onLine: (line: Buffer) => void): Buffer | undefined {
    const data = this.remainder ? Buffer.concat([this.remainder, chunk]) : chunk
    const lastNewline = data.lastIndexOf(newline)
    if (lastNewline === -1) {
      this.remainder = data
      return undefined
    }
    let start = 0
    while (start <= lastNewline) {
      const end = data.indexOf(newline, start)
      if (end > start) onLine(data.subarray(start, end))
      start = end + 1
    }
    this.remainder = lastNewline === data.length - 1 ? undefined : Buffer.from(data.subarray(lastNewline + 1))
    return data.subarray(0, lastNewline + 1)
  }

  /** The unterminated tail at end of stream, if any. */
  take(): Buffer | undefined {
    const rest = this.remainder
    this.remainder = undefined
    return rest
  }
}
