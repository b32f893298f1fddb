import type { FastifyRequest } from 'fastify'

/**
 * The scheme the browser used. Behind nginx (deploy/nginx/corral.conf) TLS ends at the proxy and Fastify sees
 * plain HTTP, so `X-Forwarded-Proto` is read as well; without it the refresh cookie lost `Secure` and
 * invitation links said `http://` in exactly the recommended production setup. Believing the header
 * from any peer is safe for these two uses: it can only add `Secure` to a cookie or make a link https.
 */
export function schemeOf(request: FastifyRequest): 'https' | 'http' {
  if (request.protocol === 'https') return 'https'
  const forwarded = request.headers['x-forwarded-proto']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase()
  return first === 'https' ? 'https' : 'http'
}
