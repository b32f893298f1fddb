/**
 * A relay sits between an upstream body and the client: it gets each upstream chunk and returns what
 * to forward now (whole lines or events only), observing usage on the way. Plain objects, no streams:
 * the proxy's copy loop owns backpressure, cancellation and error reporting.
 */
export interface StreamRelay {
  push(chunk: Buffer): Buffer | undefined
  /** The upstream ended: whatever is left to forward. */
  end(): Buffer | undefined
  /** The frame that tells the client the stream failed after it had started. */
  errorFrame(message: string): string
}
