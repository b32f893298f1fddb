import { readFileSync } from 'node:fs'
import { request as httpRequest, type ClientRequest } from 'node:http'

/**
 * Sends a chat with a Content-Length (as clients do) that the test can abort; `status` resolves once
 * it is answered (0 when the request failed).
 */
export function sendChat(
  url: string,
  key: string,
  body: string,
): { request: ClientRequest; status: Promise<number> } {
  const request = httpRequest(`${url}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-length': String(Buffer.byteLength(body)) },
  })
  const status = new Promise<number>((resolve) => {
    request.on('response', (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('error', () => resolve(0))
    request.on('close', () => resolve(0))
    // A refusal can come while the body is still being written; once that answer is read, the socket's
    // EPIPE (Corral stopped reading the rest) has no request left to report to.
    request.on('socket', (socket) => socket.on('error', () => undefined))
  })
  request.end(body)
  return { request, status }
}

/** The resident memory of a process, in MiB (Linux `/proc`). */
export function residentMib(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
}
