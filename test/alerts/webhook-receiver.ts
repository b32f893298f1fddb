import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedWebhook {
  at: number
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/** What the receiver does with the next request: answer with a status, or never answer (a timeout). */
export type Behaviour = number | 'hang'

/**
 * A webhook receiver on a real port. Each request takes the next behaviour from the script (200 once
 * it runs out), so a test can make it fail, time out and then recover.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = []
  const script: Behaviour[] = []
  const hanging = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        at: Date.now(),
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const behaviour = script.shift() ?? 200
      if (behaviour === 'hang') {
        hanging.add(response)
        return
      }
      response.writeHead(behaviour, { 'content-type': 'text/plain' }).end(behaviour < 300 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The behaviours of the next requests, in order. */
    script: (...behaviours: Behaviour[]) => script.push(...behaviours),
    close: async () => {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>
