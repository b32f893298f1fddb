import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'

/**
 * Headers that never cross the proxy: hop-by-hop ones (RFC 9110 §7.6.1), and the client's
 * credentials and browser context (Ollama has no auth to give them to, and rejects foreign Origins).
 */
const requestDrop = new Set([
  'host',
  'authorization',
  'cookie',
  'origin',
  'referer',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
  'accept-encoding',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'cf-connecting-ip',
])

const responseDrop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'date',
])

/** Client headers to send upstream; undici sets `Host` from the backend's own address. */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || requestDrop.has(name)) continue
    out[name] = value
  }
  // Streams are relayed line by line: a compressed upstream body could not be split into lines.
  out['accept-encoding'] = 'identity'
  return out
}

/** Upstream response headers to send to the client. */
export function clientResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
  bodyRewritten: boolean,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || responseDrop.has(name)) continue
    if (bodyRewritten && name === 'content-length') continue
    out[name] = value
  }
  return out
}
