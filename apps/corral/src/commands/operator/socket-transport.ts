import { request } from 'node:http'
import { connect } from 'node:net'
import type { OperatorResponse, OperatorTransport } from './operator-api.ts'

/** HTTP over the running server's operator socket, with Node's own client: nothing else to load. */
export function socketTransport(socketPath: string): OperatorTransport {
  return {
    send: (method, url, body) => send(socketPath, method, url, body),
    close: async () => undefined,
  }
}

/** Whether a server listens on the socket (it may still be starting, or be gone). */
export function socketListens(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

function send(socketPath: string, method: string, url: string, body?: unknown): Promise<OperatorResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        socketPath,
        method,
        path: url,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 500, body: text === '' ? null : JSON.parse(text) })
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)))
          }
        })
        response.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    outgoing.end(payload)
  })
}
