import { CidrSet, parseAddress } from '@corral/core'

/**
 * The client's address: the socket peer, unless the peer is a proxy Corral was told to believe.
 *
 * - `CF-Connecting-IP` only from a Cloudflare peer (CORRAL_CLOUDFLARE_PROXIES: cloudflared, or
 *   Cloudflare's own ranges when it connects directly). Cloudflare sets it; anyone else may have
 *   copied a client's forged one (nginx passes client headers through), so a trusted proxy's
 *   `CF-Connecting-IP` is ignored.
 * - `X-Forwarded-For` from a trusted proxy (CORRAL_TRUSTED_PROXIES) or a Cloudflare peer: the
 *   right-most hop that is neither (the left-most entries are whatever the client wrote).
 *
 * Forwarded values that are not IP addresses are never taken (they would reach the audit log as
 * text); those that are are taken in their canonical spelling.
 */
export class ClientAddressResolver {
  private readonly trusted: CidrSet
  private readonly cloudflare: CidrSet

  constructor(trustedProxies: readonly string[], cloudflareProxies: readonly string[] = []) {
    this.trusted = new CidrSet([...trustedProxies, ...cloudflareProxies])
    this.cloudflare = new CidrSet(cloudflareProxies)
  }

  /** Peers whose forwarding headers are believed: they speak for many clients. */
  isProxy(address: string): boolean {
    return this.trusted.contains(unmap(address))
  }

  resolve(peer: string | undefined, headers: Record<string, string | string[] | undefined>): string {
    const socketAddress = unmap(peer ?? '')
    if (!this.trusted.contains(socketAddress)) return socketAddress
    const cloudflare = headers['cf-connecting-ip']
    if (this.cloudflare.contains(socketAddress) && typeof cloudflare === 'string') {
      const client = validAddress(cloudflare)
      if (client) return client
    }
    const forwarded = headers['x-forwarded-for']
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
    let nearest = socketAddress
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = validAddress(hops[index]!)
      // Garbage where an address should be: the last proxy that could be believed is all we know.
      if (!hop) return nearest
      if (!this.trusted.contains(hop)) return hop
      nearest = hop
    }
    return nearest
  }
}

/** The address in its canonical spelling (`0x7f.1` is 127.0.0.1), or undefined when it is none. */
function validAddress(text: string): string | undefined {
  return parseAddress(text.trim())?.toString()
}

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 seen through a dual-stack socket. */
function unmap(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}
