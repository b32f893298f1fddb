import { LineBuffer } from './line-buffer.ts'
import { ndjsonErrorLine } from './stream-errors.ts'
import type { StreamRelay } from './stream-relay.ts'
import { ollamaUsage, type StreamObserver } from './token-usage.ts'

const doneMarker = Buffer.from('"done":true')
const errorMarker = Buffer.from('"error"')

/**
 * Relays an Ollama NDJSON stream unchanged, but only in whole lines, so an error line can always be
 * appended cleanly if the upstream fails. Lines are parsed only when they can matter: the final
 * `done: true` line (usage) and lines with an `error` key; JSON escapes quotes inside text, so these
 * markers never match generated content.
 */
export class NdjsonRelay implements StreamRelay {
  private readonly lines = new LineBuffer()
  private readonly onLine = (line: Buffer): void => this.observe(line)

  constructor(private readonly observer: StreamObserver) {}

  push(chunk: Buffer): Buffer | undefined {
    return this.lines.push(chunk, this.onLine)
  }

  end(): Buffer | undefined {
    // A final line without `\n` (not what Ollama sends, but valid NDJSON) is passed on as it is.
    const rest = this.lines.take()
    if (rest) this.observe(rest)
    return rest
  }

  errorFrame(message: string): string {
    return ndjsonErrorLine(message)
  }

  private observe(line: Buffer): void {
    if (line.includes(doneMarker)) {
      const object = parse(line)
      if (object && object.done === true) {
        this.observer.onUsage(ollamaUsage(object))
        return
      }
    }
    if (line.includes(errorMarker)) {
      const object = parse(line)
      if (object && typeof object.error === 'string') {
        this.observer.onStreamError(object.error)
        return
      }
    }
    this.observer.onOutput()
  }
}

function parse(line: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line.toString('utf8'))
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
