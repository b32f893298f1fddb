import type { Socket } from 'node:net'

/**
 * Counts the bytes a WebSocket's TCP connection delivers until it has authenticated, and calls
 * `exceeded` once past `budget`. `ws` assembles a whole frame (up to its `maxPayload`) before a
 * `message` handler sees any of it, so checking sizes in the handler would come after the memory was
 * spent; counting on the socket itself stops a 60 MB frame after its first chunk.
 *
 * While an `auth` frame is checked the connection is not read at all (`hold`), so what a client sent
 * right behind it (a `send` with an image) waits in the network until the answer; only the one read
 * that carried the `auth` frame (at most 64 KiB) is not held against the budget.
 */
export class PreAuthBudget {
  private received = 0
  private holding = false

  constructor(
    private readonly socket: Socket,
    private readonly budget: number,
    private readonly exceeded: () => void,
  ) {
    socket.on('data', this.count)
  }

  /** An `auth` frame arrived: read nothing more until it is decided. */
  hold(): void {
    this.holding = true
    this.socket.pause()
  }

  /** Authenticated: the budget no longer applies; read on. */
  passed(): void {
    this.holding = false
    this.socket.off('data', this.count)
    this.socket.resume()
  }

  /** Refused: count again (the socket is being closed). */
  failed(): void {
    this.holding = false
  }

  private readonly count = (chunk: Buffer) => {
    if (this.holding) return
    this.received += chunk.length
    if (this.received <= this.budget) return
    this.socket.off('data', this.count)
    this.exceeded()
  }
}
