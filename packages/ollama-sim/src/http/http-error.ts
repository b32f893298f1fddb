/** Thrown by handlers before any byte is written; the dispatcher writes it in the route's error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/** Ollama's scheduler message, two spaces included (`server/sched.go`). */
export const busyMessage = 'server busy, please try again.  maximum pending requests exceeded'
