import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimContext } from '../sim-context.ts'

/** One request as handlers see it: the context, the matched parameters and a signal for the client leaving. */
export class Exchange {
  readonly signal: AbortSignal
  /** `performance.now()` when the client closed the connection before the response finished. */
  abortedAt: number | undefined
  readonly startedNs = process.hrtime.bigint()

  constructor(
    readonly ctx: SimContext,
    readonly id: number,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly path: string,
    readonly params: Record<string, string>,
  ) {
    const controller = new AbortController()
    this.signal = controller.signal
    // `close` fires for a finished response too; only an unfinished one means the client went away
    // (fastify docs/Guides/Detecting-When-Clients-Abort.md).
    res.once('close', () => {
      if (res.writableFinished) return
      this.abortedAt = performance.now()
      controller.abort()
    })
  }
}

export type Handler = (exchange: Exchange) => void | Promise<void>
