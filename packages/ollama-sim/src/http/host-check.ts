import { isIP } from 'node:net'
import { hostname, networkInterfaces } from 'node:os'

/**
 * Ollama's `allowedHostsMiddleware` (`server/routes.go`): on a loopback listener, only a local `Host` is
 * served: a loopback, private, unspecified or local-interface IP, `localhost`, the machine's name, or a
 * `*.localhost`, `*.local` or `*.internal` name. Everything else gets 403 with an empty body.
 */
export function isAllowedHost(header: string | undefined): boolean {
  const host = stripPort(header ?? '').toLowerCase()
  if (host === '' || host === 'localhost' || host === hostname().toLowerCase()) return true
  const family = isIP(host)
  if (family !== 0) return isLocalAddress(host, family)
  return host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'))
  const colon = host.indexOf(':')
  return colon !== -1 && colon === host.lastIndexOf(':') ? host.slice(0, colon) : host
}

function isLocalAddress(ip: string, family: number): boolean {
  if (family === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number]
    if (a === 127 || a === 10 || ip === '0.0.0.0') return true
    if ((a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return true
  } else {
    if (ip === '::1' || ip === '::') return true
    if (/^f[cd][0-9a-f]{2}:/.test(ip)) return true
  }
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((address) => address.address.toLowerCase() === ip),
  )
}
