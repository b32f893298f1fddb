import { BodyUsageCollector } from './body-usage.ts'
import type { StreamRelay } from './stream-relay.ts'
import type { StreamObserver } from './token-usage.ts'

/**
 * A non-streamed body passes through untouched; its counts (and, for an error status, its error) are
 * read once it has all gone by.
 */
export class JsonBodyRelay implements StreamRelay {
  private readonly collector = new BodyUsageCollector()

  constructor(
    private readonly observer: StreamObserver,
    private readonly status = 200,
  ) {}

  push(chunk: Buffer): Buffer {
    this.collector.add(chunk)
    return chunk
  }

  end(): undefined {
    const usage = this.collector.usage()
    if (usage) this.observer.onUsage(usage)
    if (this.status >= 400) {
      this.observer.onStreamError(
        this.collector.errorMessage() ?? `the model backend answered ${this.status}`,
      )
      return undefined
    }
    const firstTokenMs = this.collector.firstTokenMs()
    if (firstTokenMs !== undefined) this.observer.onFirstToken(firstTokenMs)
    return undefined
  }

  /** Headers (with a Content-Length) are already sent: cutting the body short is all that is left. */
  errorFrame(): string {
    return ''
  }
}
