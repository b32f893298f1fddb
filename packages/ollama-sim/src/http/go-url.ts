/**
 * What Go's `net/http` server makes of a request target before any handler sees it
 * (`url.ParseRequestURI`): the query split off at the first `?`, the path percent-decoded once, and the
 * "escaped path" (`URL.EscapedPath()`) that `ServeMux` cleans. Paths are kept as byte strings (one
 * char per byte, latin1) because Go's strings are bytes: `%C3%A9` is two bytes, not `é`.
 */
export type RequestTarget =
  | { kind: 'path'; path: string; escapedPath: string; rawQuery: string }
  /** `OPTIONS *` and friends: answered by the server itself, never routed. */
  | { kind: 'asterisk' }
  /** A malformed target (a bad `%` escape, a control byte, a relative path): Go answers 400 and closes. */
  | { kind: 'bad' }

const schemePrefix = /^[A-Za-z][A-Za-z0-9+.-]*:/

export function parseRequestTarget(target: string): RequestTarget {
  if (target === '' || hasControlByte(target)) return { kind: 'bad' }
  if (target === '*') return { kind: 'asterisk' }
  const scheme = schemePrefix.exec(target)?.[0]
  const queryAt = target.indexOf('?')
  let rest = queryAt === -1 ? target : target.slice(0, queryAt)
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1)
  if (scheme) {
    // Absolute form (`GET http://host/api/tags`): the authority is dropped; a rootless rest is opaque
    // and has no path at all.
    rest = rest.slice(scheme.length)
    if (!rest.startsWith('/')) rest = ''
    else if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2)
      rest = slash === -1 ? '' : rest.slice(slash)
    }
  } else if (!rest.startsWith('/')) {
    return { kind: 'bad' }
  }
  const path = unescapePath(rest)
  if (path === undefined) return { kind: 'bad' }
  return { kind: 'path', path, escapedPath: validEncoded(rest) ? rest : escapePath(path), rawQuery }
}

/** Go's `stringContainsCTLByte`. */
function hasControlByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

/** Go's `unescape(s, encodePath)`: every `%` needs two hex digits; `+` stays a plus. */
function unescapePath(raw: string): string | undefined {
  if (!raw.includes('%')) return raw
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!
    if (char !== '%') {
      out += char
      continue
    }
    const hex = raw.slice(i + 1, i + 3)
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined
    out += String.fromCharCode(parseInt(hex, 16))
    i += 2
  }
  return out
}

/** Bytes that `escape(s, encodePath)` leaves alone: unreserved characters and `$&+,/:;=@`. */
const pathSafe = /[A-Za-z0-9\-_.~$&+,/:;=@]/

/** Go's `escape(s, encodePath)`, on a byte string. */
export function escapePath(bytes: string): string {
  let out = ''
  for (const char of bytes) {
    out += pathSafe.test(char) ? char : '%' + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/** Go's `validEncoded`: the raw path is kept as the escaped path when it needs no further escaping. */
function validEncoded(raw: string): boolean {
  for (const char of raw) {
    if (!pathSafe.test(char) && !"!'()*[]%".includes(char)) return false
  }
  return true
}

/** A decoded byte string as text, for parameters and logs. */
export function bytesToText(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
