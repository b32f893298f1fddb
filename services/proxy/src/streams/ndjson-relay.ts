import { ndjsonCarriesOutput } from './first-token.ts'
import { LineBuffer } from './frame-buffer.ts'
import { ndjsonErrorLine, unfinishedStream } from './stream-errors.ts'
import type { StreamRelay } from './stream-relay.ts'
import { ollamaUsage, type StreamObserver } from './token-usage.ts'

const doneMarker = Buffer.from('"done":true')
const errorMarker = Buffer.from('"error"')

export interface NdjsonRelayOptions {
  /**
   * Generation streams end with a `done: true` line; one that ends without it (or an error line) was
   * cut off, and the client gets an error line instead of a silent end. Progress streams (pull,
   * push, create) have no such line.
   */
  requireDone: boolean
}

/**
 * Relays an Ollama NDJSON stream unchanged, but only in whole lines, so an error line can always be
 * appended cleanly if the upstream fails. Lines are parsed only when they can matter: until the first
 * one that carries output (time to first token), the final `done: true` line (usage) and lines with an
 * `error` key; JSON escapes quotes inside text, so these markers never match generated content.
 */
export class NdjsonRelay implements StreamRelay {
  private readonly lines = new LineBuffer()
  private readonly onLine = (line: Buffer): void => this.observe(line)
  private outputSeen = false
  private finished = false
  private failed = false

  constructor(
    private readonly observer: StreamObserver,
    private readonly options: NdjsonRelayOptions = { requireDone: false },
  ) {}

  push(chunk: Buffer): Buffer | undefined {
    return this.lines.push(chunk, this.onLine)
  }

  end(): Buffer | string | undefined {
    const rest = this.lines.take()
    if (rest) this.observe(rest)
    if (!this.options.requireDone || this.finished || this.failed) return rest
    this.failed = true
    this.observer.onStreamError(unfinishedStream)
    // A cut-off last line is not valid JSON: the error line replaces it rather than following it.
    return ndjsonErrorLine(unfinishedStream)
  }

  errorFrame(message: string): string {
    return ndjsonErrorLine(message)
  }

  private observe(line: Buffer): void {
    let object: Record<string, unknown> | undefined
    if (line.includes(doneMarker)) {
      object = parse(line)
      if (object && object.done === true) {
        this.noteOutput(object)
        this.finished = true
        this.observer.onUsage(ollamaUsage(object))
        return
      }
    }
    if (line.includes(errorMarker)) {
      object ??= parse(line)
      if (object && typeof object.error === 'string') {
        this.failed = true
        this.observer.onStreamError(object.error)
        return
      }
    }
    if (!this.outputSeen) {
      object ??= parse(line)
      if (object) this.noteOutput(object)
    }
    this.observer.onOutput()
  }

  private noteOutput(object: Record<string, unknown>): void {
    if (this.outputSeen || !ndjsonCarriesOutput(object)) return
    this.outputSeen = true
    this.observer.onFirstToken()
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
