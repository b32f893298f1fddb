import type { ServerResponse } from 'node:http'

/**
 * Writes a streamed response one line (or SSE event) per `res.write`, so each reaches the socket on its own.
 * Headers go out with the first line and not before: Ollama sends no byte, headers included, until the first
 * chunk exists (reference §1). No Content-Length is set, so Node uses chunked encoding like Go.
 */
export class LineWriter {
  started = false

  private readonly headers: Record<string, string>

  constructor(
    private readonly res: ServerResponse,
    contentType: string,
    private readonly signal: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ) {
    this.headers = { 'Content-Type': contentType, ...extraHeaders }
  }

  /** Resolves false when the client went away; waits for `drain` so a slow reader slows generation down. */
  async write(lines: string[]): Promise<boolean> {
    if (this.signal.aborted) return false
    if (!this.started) {
      this.res.writeHead(200, this.headers)
      this.started = true
    }
    let flowing = true
    for (const line of lines) flowing = this.res.write(line)
    return flowing || this.drained()
  }

  end(): void {
    if (!this.started) this.res.writeHead(200, this.headers)
    this.res.end()
  }

  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const onDrain = (): void => {
        this.signal.removeEventListener('abort', onAbort)
        resolve(true)
      }
      const onAbort = (): void => {
        this.res.off('drain', onDrain)
        resolve(false)
      }
      this.res.once('drain', onDrain)
      this.signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}
