import { addressGroup } from '@corral/core'

export interface PendingSocketLimits {
  /** Sockets one address (an IPv6 /64) may hold open without having authenticated. */
  perAddress: number
  /** The same for the whole process. */
  total: number
}

export const defaultPendingSocketLimits: PendingSocketLimits = { perAddress: 8, total: 1000 }

/**
 * Counts chat sockets that are open but not yet authenticated, so that a stranger cannot hold many:
 * the upgrade is refused (429) past the limit. A browser tab holds one while it signs in.
 */
export class PendingSockets {
  private readonly perAddress = new Map<string, number>()
  private total = 0

  constructor(private readonly limits: PendingSocketLimits = defaultPendingSocketLimits) {}

  admits(address: string): boolean {
    return (
      this.total < this.limits.total &&
      (this.perAddress.get(addressGroup(address)) ?? 0) < this.limits.perAddress
    )
  }

  /** Counts a socket; the returned function stops counting it (once, whatever calls it again). */
  add(address: string): () => void {
    const group = addressGroup(address)
    this.perAddress.set(group, (this.perAddress.get(group) ?? 0) + 1)
    this.total++
    let released = false
    return () => {
      if (released) return
      released = true
      this.total--
      const left = (this.perAddress.get(group) ?? 1) - 1
      if (left > 0) this.perAddress.set(group, left)
      else this.perAddress.delete(group)
    }
  }
}
