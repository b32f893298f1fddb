import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long a refused request's client may go on sending its body before the connection is cut. */
export const unreadBodyLingerMs = 3000

/**
 * What happens to the rest of a body when Corral answered before reading it (401 or 403 on an upload,
 * 413, 429 or 503 for body memory). `Connection: close` would make Node close the socket as soon as
 * the answer is written; a client still writing its body then gets EPIPE and never reads the answer
 * (18 of 26 refused 60 MB prompts were lost that way). Instead Node reads and discards the rest, as
 * nginx's lingering close does, for at most `lingerMs`; a client still sending after that is cut off,
 * so a stalled upload cannot keep its connection. A client that was trickling on purpose (the 408 of
 * the body deadline) is cut off at once.
 */
export function closeAfterUnreadBody(
  request: IncomingMessage,
  response: ServerResponse,
  lingerMs = unreadBodyLingerMs,
): void {
  response.once('finish', () => {
    if (request.complete) return
    const socket = request.socket
    if (lingerMs === 0) return void socket.destroy()
    const timer = setTimeout(() => socket.destroy(), lingerMs)
    timer.unref()
    request.once('end', () => clearTimeout(timer))
    socket.once('close', () => clearTimeout(timer))
  })
}
