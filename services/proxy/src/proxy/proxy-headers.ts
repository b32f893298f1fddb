import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'

/**
 * Headers that never cross the proxy: hop-by-hop ones (RFC 9110 §7.6.1), every credential Corral
 * accepts (a backend must never see a key: `Authorization`, the Anthropic-style `X-Api-Key`, cookies),
 * the browser context (Ollama rejects foreign Origins), and what the proxies in front said about the
 * client. Corral's own `X-Corral-*` headers and Cloudflare's `Cf-*` ones (Access tokens among them)
 * are dropped by prefix.
 */
const requestDrop = new Set([
  'host',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'origin',
  'referer',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
  'accept-encoding',
  'forwarded',
  'x-real-ip',
  'true-client-ip',
])
const requestDropPrefixes = ['x-corral-', 'x-forwarded-', 'cf-']

const responseDrop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'date',
  // A backend must not set cookies on Corral's origin.
  'set-cookie',
])

/** Client headers to send upstream; undici sets `Host` from the backend's own address. */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || requestDrop.has(name)) continue
    if (requestDropPrefixes.some((prefix) => name.startsWith(prefix))) continue
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
