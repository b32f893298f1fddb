/**
 * An http(s) base URL in canonical form (origin plus path without trailing slash), or undefined.
 * Backends may sit under a path prefix (`http://host/ollama`), so the path is kept.
 */
export function normalizeHttpUrl(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return url.origin + url.pathname.replace(/\/+$/, '')
}
