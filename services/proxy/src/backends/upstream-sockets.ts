import type { Socket } from 'node:net'
import { buildConnector } from 'undici'

/** A socket that never reports its close must not hold a slot for long. */
const maxCloseWaitMs = 2000

/**
 * A backend's open connections. Aborting a request destroys its socket at once, but the socket closes
 * (and the backend notices) a little later. A slot freed at the abort could send the next request
 * while the backend still counts the aborted one: slots + 1 at once, which Ollama would queue
 * invisibly. So a slot freed by an abort is handed back once the sockets being destroyed have closed.
 */
export class UpstreamSockets {
  private readonly open = new Set<Socket>()

  /** An undici connector that builds sockets as usual and keeps track of them. */
  connector(connectTimeoutMs: number): buildConnector.connector {
    const connect = buildConnector({ timeout: connectTimeoutMs })
    return (options, callback) =>
      connect(options, (...args) => {
        const socket = args[1]
        if (socket) this.track(socket)
        callback(...args)
      })
  }

  /** Calls `then` once every socket that is being destroyed has closed: at once when none is. */
  afterClosing(then: () => void): void {
    let waiting = 0
    let done = false
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(timer)
      then()
    }
    const onClose = () => {
      if (--waiting === 0) finish()
    }
    for (const socket of this.open) {
      if (!socket.destroyed) continue
      waiting++
      socket.once('close', onClose)
    }
    if (waiting === 0) return then()
    const timer = setTimeout(finish, maxCloseWaitMs)
    timer.unref()
  }

  private track(socket: Socket): void {
    this.open.add(socket)
    socket.once('close', () => this.open.delete(socket))
  }
}
