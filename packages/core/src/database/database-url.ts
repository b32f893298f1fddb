/**
 * `host:port/database` of a URL: enough to recognise it, without user or password (safe to
 * print; no driver is loaded for it).
 */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`
  } catch {
    return 'the configured server'
  }
}
