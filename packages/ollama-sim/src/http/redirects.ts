import type { ServerResponse } from 'node:http'
import { goPathClean } from './clean-path.ts'
import { escapePath } from './go-url.ts'

const statusTexts: Record<number, string> = { 301: 'Moved Permanently', 307: 'Temporary Redirect' }

/**
 * Where `ServeMux` sends a request whose escaped path is not clean (`//api/chat`, `/api/./chat`,
 * `/v1/x/../chat/completions`): the cleaned escaped path and the query. Since Go 1.26 it answers 307, so
 * the method and body survive. Go ≤ 1.26.4 escapes the `%` of the cleaned path once more in `Location`
 * (golang/go#79897); the simulator sends the path as cleaned.
 */
export function cleanPathLocation(cleanedEscapedPath: string, rawQuery: string): string {
  return cleanedEscapedPath + (rawQuery === '' ? '' : '?' + rawQuery)
}

/**
 * gin's `redirectTrailingSlash`: the decoded path with its trailing slash added or removed, behind a
 * sanitised `X-Forwarded-Prefix`, escaped again by `URL.String()`.
 */
export function trailingSlashLocation(path: string, rawQuery: string, forwardedPrefix?: string): string {
  let base = path
  const prefix = goPathClean(forwardedPrefix ?? '')
  if (prefix !== '.') {
    base = prefix.replace(/[^a-zA-Z0-9/-]+/g, '').replace(/\/{2,}/g, '/') + '/' + path
  }
  const toggled = base.length > 1 && base.endsWith('/') ? base.slice(0, -1) : base + '/'
  return cleanPathLocation(escapePath(toggled), rawQuery)
}

/**
 * Go's `http.Redirect` for a path-absolute URL: the path is cleaned once more (keeping a trailing slash),
 * GET and HEAD get `text/html`, and only GET gets the short HTML note.
 */
export function sendRedirect(res: ServerResponse, method: string, location: string, status: 301 | 307): void {
  const queryAt = location.indexOf('?')
  const path = queryAt === -1 ? location : location.slice(0, queryAt)
  const query = queryAt === -1 ? '' : location.slice(queryAt)
  let cleaned = goPathClean(path)
  if (path.endsWith('/') && !cleaned.endsWith('/')) cleaned += '/'
  const url = cleaned + query
  const headers: Record<string, string> = { Location: url }
  if (method === 'GET' || method === 'HEAD') headers['Content-Type'] = 'text/html; charset=utf-8'
  res.writeHead(status, headers)
  res.end(method === 'GET' ? `<a href="${htmlEscape(url)}">${statusTexts[status]}</a>.\n\n` : undefined)
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
}

function htmlEscape(text: string): string {
  return text.replace(/[&'<>"]/g, (char) => htmlEntities[char]!)
}
