import type { ChangeEvent, Identity } from '@corral/core'

interface Entry {
  identity: Identity | null
  expiresAt: number
}

/** Positive answers live a minute (change events drop them sooner); unknown credentials five seconds. */
const positiveTtlMs = 60_000
const negativeTtlMs = 5_000
const maxEntries = 20_000

/**
 * Credentials → identities, in memory, so authenticating a request costs no database round trip.
 * Revocations, disabled users and group changes arrive as change events (PostgreSQL NOTIFY) and drop
 * the affected entries at once; the TTL only bounds staleness if a notification were ever lost.
 */
export class IdentityCache {
  private readonly entries = new Map<string, Entry>()
  private readonly pending = new Map<string, Promise<Identity | null>>()
  private generation = 0

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached identity for `cacheKey`, or the one `load` finds (concurrent misses share one load). */
  async get(cacheKey: string, load: () => Promise<Identity | null>): Promise<Identity | null> {
    const entry = this.entries.get(cacheKey)
    const now = this.now()
    if (entry && entry.expiresAt > now) return entry.identity
    let loading = this.pending.get(cacheKey)
    if (!loading) {
      const generation = this.generation
      loading = load().finally(() => this.pending.delete(cacheKey))
      this.pending.set(cacheKey, loading)
      const identity = await loading
      // An invalidation that arrived during the load may concern what was just read: do not keep it.
      if (generation === this.generation) this.store(cacheKey, identity, now)
      return identity
    }
    return loading
  }

  invalidate(event: ChangeEvent): void {
    this.generation++
    switch (event.kind) {
      case 'user':
        return this.dropWhere((identity) => identity.userId === event.id)
      case 'api-key':
      case 'ollama-key':
        return this.dropWhere((identity) => identity.keyId === event.id)
      case 'group':
        return this.dropWhere((identity) => identity.groupId === event.id)
      case 'all':
        this.entries.clear()
        return
      default:
        return
    }
  }

  get size(): number {
    return this.entries.size
  }

  private store(cacheKey: string, identity: Identity | null, now: number): void {
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!)
    let expiresAt = now + (identity ? positiveTtlMs : negativeTtlMs)
    if (identity?.credentialExpiresAt) expiresAt = Math.min(expiresAt, identity.credentialExpiresAt)
    this.entries.set(cacheKey, { identity, expiresAt })
  }

  private dropWhere(matches: (identity: Identity) => boolean): void {
    for (const [cacheKey, entry] of this.entries)
      if (entry.identity && matches(entry.identity)) this.entries.delete(cacheKey)
    // Unknown-credential entries are cheap to reload and may be the ones that just became valid.
    for (const [cacheKey, entry] of this.entries) if (!entry.identity) this.entries.delete(cacheKey)
  }
}
