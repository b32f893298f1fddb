import { createHash } from 'node:crypto'
import type { ChangeEvent, Identity } from '@corral/core'

interface Entry {
  identity: Identity | null
  /** Until then the entry answers without asking the database. */
  freshUntil: number
  /** Until then a known identity still answers when the database cannot be asked (stale-if-error). */
  staleUntil: number
  bytes: number
}

export interface IdentityCacheLimits {
  /** Known credentials; change events drop them sooner. */
  positiveTtlMs: number
  /** Unknown credentials. */
  negativeTtlMs: number
  /** How long past its freshness a known identity may stand in while the database is unreachable. */
  staleIfErrorMs: number
  /** Memory the entries may take (an estimate of their size, keys included). */
  maxBytes: number
}

export const defaultIdentityCacheLimits: IdentityCacheLimits = {
  positiveTtlMs: 60_000,
  negativeTtlMs: 5_000,
  staleIfErrorMs: 60 * 60_000,
  maxBytes: 16 * 1024 * 1024,
}

/** What an entry costs besides its identity: the hashed key, the entry object and the map's slot. */
const entryOverheadBytes = 200

/**
 * Credentials → identities, in memory, so authenticating a request costs no database round trip.
 * Revocations, disabled users and group changes arrive as change events (PostgreSQL NOTIFY) and drop
 * the affected entries at once; the TTL only bounds staleness if a notification were ever lost.
 *
 * Entries are keyed by a SHA-256 of the credential, never the credential itself (a made-up key can be
 * 16 KB of header), and the whole cache is bounded by bytes, oldest entries first out. When the
 * database fails, an identity that was known within `staleIfErrorMs` keeps answering (never beyond its
 * key's own expiry): a database outage must not turn every valid key into an error.
 */
export class IdentityCache {
  private readonly entries = new Map<string, Entry>()
  private readonly pending = new Map<string, Promise<Identity | null>>()
  private readonly limits: IdentityCacheLimits
  private generation = 0
  private totalBytes = 0

  constructor(
    private readonly now: () => number = Date.now,
    limits: Partial<IdentityCacheLimits> = {},
  ) {
    this.limits = { ...defaultIdentityCacheLimits, ...limits }
  }

  /**
   * The cached identity for `credential`, or the one `load` finds (concurrent misses share one load).
   * When `load` fails, a recently known identity answers instead; otherwise the failure is thrown.
   */
  async get(credential: string, load: () => Promise<Identity | null>): Promise<Identity | null> {
    const cacheKey = createHash('sha256').update(credential).digest('base64url')
    const entry = this.entries.get(cacheKey)
    const now = this.now()
    if (entry && entry.freshUntil > now) return entry.identity
    let loading = this.pending.get(cacheKey)
    if (!loading) {
      const generation = this.generation
      loading = load()
        .then((identity) => {
          // An invalidation that arrived during the load may concern what was just read: do not keep it.
          if (generation === this.generation) this.store(cacheKey, identity, now)
          return identity
        })
        .finally(() => this.pending.delete(cacheKey))
      this.pending.set(cacheKey, loading)
    }
    try {
      return await loading
    } catch (error) {
      const stale = this.entries.get(cacheKey)
      if (stale?.identity && stale.staleUntil > this.now()) return stale.identity
      throw error
    }
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
        this.totalBytes = 0
        return
      default:
        return
    }
  }

  get size(): number {
    return this.entries.size
  }

  /** The estimated memory the entries take. */
  get bytes(): number {
    return this.totalBytes
  }

  private store(cacheKey: string, identity: Identity | null, now: number): void {
    this.delete(cacheKey)
    let freshUntil = now + (identity ? this.limits.positiveTtlMs : this.limits.negativeTtlMs)
    let staleUntil = identity ? freshUntil + this.limits.staleIfErrorMs : freshUntil
    if (identity?.credentialExpiresAt) {
      freshUntil = Math.min(freshUntil, identity.credentialExpiresAt)
      staleUntil = Math.min(staleUntil, identity.credentialExpiresAt)
    }
    const bytes =
      entryOverheadBytes + cacheKey.length * 2 + (identity ? JSON.stringify(identity).length * 2 : 0)
    this.entries.set(cacheKey, { identity, freshUntil, staleUntil, bytes })
    this.totalBytes += bytes
    for (const oldest of this.entries.keys()) {
      if (this.totalBytes <= this.limits.maxBytes) break
      this.delete(oldest)
    }
  }

  private delete(cacheKey: string): void {
    const entry = this.entries.get(cacheKey)
    if (!entry) return
    this.entries.delete(cacheKey)
    this.totalBytes -= entry.bytes
  }

  private dropWhere(matches: (identity: Identity) => boolean): void {
    for (const [cacheKey, entry] of this.entries)
      if (entry.identity && matches(entry.identity)) this.delete(cacheKey)
    // Unknown-credential entries are cheap to reload and may be the ones that just became valid.
    for (const [cacheKey, entry] of this.entries) if (!entry.identity) this.delete(cacheKey)
  }
}
