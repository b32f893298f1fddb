import { Errors } from '@corral/core'

/** Paths that need no work: no escapes, no dot segments, no empty segments (nearly every request). */
const plainPath = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9\-_~!$&'()*+,;=:@.]+)*\/?$/
/** Bytes a path may carry as they are; anything else is sent percent-encoded. */
const needsEscape = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f]/

/**
 * The one path Corral decides on and forwards. Ollama's router (gin with `UseRawPath` off) matches
 * the percent-decoded path, so `/api/%70ull` is `/api/pull` there: had Corral classified the raw form,
 * that request would have skipped the admin check, the queue, the limits and the usage record. So
 * the path is decoded once, `.` and `..` segments are resolved and empty segments dropped (clients
 * never send those; a request that means `/api/chat` is treated as `/api/chat`), and the result is
 * both what Corral classifies and what the backend receives, re-encoded only where a path must be.
 * Legitimate encodings keep working: the openai SDK sends `/v1/models/llama3.2%3Alatest`.
 */
export function normalizeRequestPath(raw: string): string {
  if (plainPath.test(raw)) return raw
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    throw new Errors.badRequest('The request path is not validly percent-encoded')
  }
  if (controlCharacters.test(decoded))
    throw new Errors.badRequest('The request path holds control characters')
  const segments: string[] = []
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = decoded.endsWith('/') && segments.length > 0 ? '/' : ''
  return `/${segments.join('/')}${trailing}`
}

/** The path as sent upstream: the normalized path, percent-encoded where it must be (`?`, `#`, `%`, spaces). */
export function upstreamPath(path: string): string {
  if (!needsEscape.test(path)) return path
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':').replace(/%40/g, '@'))
    .join('/')
}
