import { randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CorralConfig } from '@corral/core'
import type { OllamaSimOptions } from '@corral/ollama-sim'
import { createKey, createUser, signInAdmin, type SignedIn } from './api-client.ts'
import { startTestCorral, type TestCorral } from './test-corral.ts'

export interface CloudflareStandIn {
  /** `http://127.0.0.1:<port>`: where clients go instead of Corral. */
  url: string
  /** The 524s it gave, to tell them from the origin's own errors. */
  timeouts: number
  close(): Promise<void>
}

/**
 * What Cloudflare's edge does to a request on its way to the origin (Corral), as far as waits go: it
 * names the visitor in `CF-Connecting-IP` and the request in `CF-Ray`, relays the answer as it comes,
 * and gives up when the origin sends nothing for `originTimeoutMs` (Cloudflare's ~100 s: 524 before
 * any response byte, a cut connection after). Everything else about Cloudflare is left out.
 */
export async function startCloudflareStandIn(
  origin: string,
  { originTimeoutMs = 100_000 }: { originTimeoutMs?: number } = {},
): Promise<CloudflareStandIn> {
  const target = new URL(origin)
  const standIn: CloudflareStandIn = { url: '', timeouts: 0, close: () => Promise.resolve() }
  const relay = (visitor: IncomingMessage, answer: ServerResponse) => {
    const upstream = httpRequest({
      host: target.hostname,
      port: target.port,
      method: visitor.method,
      path: visitor.url,
      headers: {
        ...visitor.headers,
        host: target.host,
        'cf-connecting-ip': visitor.socket.remoteAddress ?? '',
        'cf-ray': `${randomBytes(8).toString('hex')}-AMS`,
      },
    })
    let timer: NodeJS.Timeout | undefined
    const silenceAllowed = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        upstream.destroy()
        if (answer.headersSent) return void answer.destroy()
        standIn.timeouts++
        answer.writeHead(524, { 'content-type': 'text/html; charset=UTF-8' })
        answer.end('<html><body>error code: 524 (a timeout occurred)</body></html>')
      }, originTimeoutMs)
    }
    upstream.on('response', (response) => {
      silenceAllowed()
      answer.writeHead(response.statusCode ?? 502, response.headers)
      response.on('data', (chunk: Buffer) => {
        silenceAllowed()
        answer.write(chunk)
      })
      response.on('end', () => {
        clearTimeout(timer)
        answer.end()
      })
      response.on('error', () => answer.destroy())
    })
    upstream.on('error', () => {
      clearTimeout(timer)
      if (!answer.headersSent) answer.writeHead(502).end()
      else answer.destroy()
    })
    // A visitor that leaves closes the origin connection too, as Cloudflare does.
    answer.on('close', () => {
      clearTimeout(timer)
      if (!answer.writableFinished) upstream.destroy()
    })
    visitor.pipe(upstream)
    // The visitor's request is sent: the wait for the origin's first byte starts.
    visitor.on('end', silenceAllowed)
  }
  const server = createServer(relay)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  standIn.close = () => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  return standIn
}

export interface CorralBehindCloudflare {
  corral: TestCorral
  standIn: CloudflareStandIn
  user: SignedIn
  /** The user's API key. */
  key: string
  close: () => Promise<void>
}

/** A test Corral that believes the stand-in as its cloudflared (loopback), and a user with a key. */
export async function startCorralBehindCloudflare(
  config: Partial<CorralConfig>,
  { originTimeoutMs, sim }: { originTimeoutMs: number; sim?: OllamaSimOptions },
): Promise<CorralBehindCloudflare> {
  const corral = await startTestCorral({ config: { cloudflareProxies: ['127.0.0.1/32'], ...config }, sim })
  const standIn = await startCloudflareStandIn(corral.url, { originTimeoutMs })
  const user = await createUser((await signInAdmin(corral)).api)
  const { key } = await createKey(user.api)
  return {
    corral,
    standIn,
    user,
    key,
    close: async () => {
      await standIn.close()
      await corral.close()
    },
  }
}
