import { CidrSet } from '@corral/core'

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy (CORRAL_TRUSTED_PROXIES);
 * then `CF-Connecting-IP`, or the right-most `X-Forwarded-For` hop that is not itself trusted (the
 * left-most entries are whatever the client wrote). Forwarding headers from anyone else are ignored.
 */
export class ClientAddressResolver {
  private readonly trusted: CidrSet

  constructor(trustedProxies: readonly string[]) {
    this.trusted = new CidrSet(trustedProxies)
  }

  resolve(peer: string | undefined, headers: Record<string, string | string[] | undefined>): string {
    const socketAddress = unmap(peer ?? '')
    if (this.trusted.size === 0 || !this.trusted.contains(socketAddress)) return socketAddress
    const cloudflare = headers['cf-connecting-ip']
    if (typeof cloudflare === 'string' && cloudflare.trim()) return unmap(cloudflare.trim())
    const forwarded = headers['x-forwarded-for']
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = unmap(hops[index]!)
      if (!this.trusted.contains(hop)) return hop
    }
    return hops.length > 0 ? unmap(hops[0]!) : socketAddress
  }
}

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 seen through a dual-stack socket. */
function unmap(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}
