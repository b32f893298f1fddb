import type { FastifyRequest } from 'fastify'

/** What a browser says about where a request comes from (Fetch Metadata); other values are refused. */
const sameOriginSites = new Set(['same-origin', 'none'])

/**
 * Whether a browser sent this request from a page of this server. `Origin` must name this host and
 * `Sec-Fetch-Site`, when the browser sends it, must say `same-origin` (or `none`: typed in the address
 * bar). A SameSite cookie alone is not enough: a sibling subdomain is the same *site* and gets it too.
 * Requests with neither header come from programs, not from a page, and are not cross-site.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site']
  if (typeof site === 'string' && !sameOriginSites.has(site.toLowerCase())) return true
  const origin = request.headers.origin
  if (origin === undefined) return false
  try {
    return new URL(origin).host !== request.headers.host
  } catch {
    return true
  }
}
