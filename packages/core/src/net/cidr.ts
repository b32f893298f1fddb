import ipaddr from 'ipaddr.js'

export interface Cidr {
  /** Canonical text, e.g. `10.0.0.0/8` or `2001:db8::/32`; a bare address gets a full-length prefix. */
  text: string
  address: ipaddr.IPv4 | ipaddr.IPv6
  prefixLength: number
}

/** Parses `10.0.0.0/8`, `::1`, `192.168.1.7`; returns undefined when the text is not one of those. */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim()
  try {
    if (trimmed.includes('/')) {
      const [address, prefixLength] = ipaddr.parseCIDR(trimmed)
      const network = networkAddress(address, prefixLength)
      return { text: `${network.toString()}/${prefixLength}`, address: network, prefixLength }
    }
    const address = normalizeAddress(ipaddr.parse(trimmed))
    const prefixLength = address.kind() === 'ipv4' ? 32 : 128
    return { text: `${address.toString()}/${prefixLength}`, address, prefixLength }
  } catch {
    return undefined
  }
}

/** Parses a socket or header address, unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(text)) return undefined
  return normalizeAddress(ipaddr.parse(text))
}

/**
 * The unit that per-address limits count: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber usually gets a whole /64 and can pick any address in it, so counting single IPv6
 * addresses would let one machine look like 2^64 clients). Anything unparsable is counted as itself.
 */
export function addressGroup(text: string): string {
  const address = parseAddress(text)
  if (!address) return text
  if (address.kind() === 'ipv4') return address.toString()
  const bytes = address.toByteArray().slice(0, 8)
  return `${ipaddr.fromByteArray([...bytes, 0, 0, 0, 0, 0, 0, 0, 0]).toString()}/64`
}

function normalizeAddress(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address()
  }
  return address
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefixLength: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray()
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) {
    bytes[bit >> 3]! &= ~(0x80 >> (bit & 7))
  }
  return ipaddr.fromByteArray(bytes)
}

/** A fixed set of CIDRs answering "is this address inside any of them?". */
export class CidrSet {
  private readonly ranges: Cidr[]

  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map((text) => {
      const cidr = parseCidr(text)
      if (!cidr) throw new Error(`invalid CIDR "${text}"`)
      return cidr
    })
  }

  get size(): number {
    return this.ranges.length
  }

  contains(addressText: string): boolean {
    const address = parseAddress(addressText)
    if (!address) return false
    return this.ranges.some(
      (range) => range.address.kind() === address.kind() && address.match(range.address, range.prefixLength),
    )
  }
}
