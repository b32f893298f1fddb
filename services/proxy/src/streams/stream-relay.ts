/**
 * A relay sits between an upstream body and the client: it gets each upstream chunk and returns what
 * to forward now (whole lines or events only), observing usage on the way. Plain objects, no streams:
 * the proxy's copy loop owns backpressure, cancellation and error reporting. `push` throws when the
 * upstream sent something that cannot be relayed (a line over the length cap); the copy loop then
 * ends the stream with `errorFrame`.
 */
export interface StreamRelay {
  push(chunk: Buffer): Buffer | undefined
  /** The upstream ended: whatever is left to forward (an error frame if the stream was unfinished). */
  end(): Buffer | string | undefined
  /** The frame that tells the client the stream failed after it had started. */
  errorFrame(message: string): string
}
