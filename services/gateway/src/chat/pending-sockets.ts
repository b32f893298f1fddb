import { addressGroup } from '@corral/core'
import { KeyCounts } from '../network/key-counts.ts'

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
  private readonly perAddress = new KeyCounts()
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
    this.perAddress.increment(group)
    this.total++
    let released = false
    return () => {
      if (released) return
      released = true
      this.total--
      this.perAddress.decrement(group)
    }
  }
}
