export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out'

export interface SessionSnapshot {
  status: SessionStatus
  accessToken: string | null
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number | null
  /** Why the session ended, shown on the sign-in page. */
  endedBecause: string | null
}

type Refresher = () => Promise<{ accessToken: string; expiresInSeconds: number } | null>

/**
 * The access token, kept in memory only: a script injected into the page cannot find it in storage,
 * and a reload gets a fresh one from the httpOnly refresh cookie. Refreshes are single-flight because
 * refresh tokens rotate and the server ends the session when one is used twice.
 */
export class TokenStore {
  private snapshot: SessionSnapshot = {
    status: 'unknown',
    accessToken: null,
    expiresAt: null,
    endedBecause: null,
  }
  private readonly listeners = new Set<() => void>()
  private refresher: Refresher | null = null
  private inflight: Promise<string | null> | null = null

  readonly get = (): SessionSnapshot => this.snapshot

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  signIn(accessToken: string, expiresInSeconds: number): void {
    this.set({
      status: 'signed-in',
      accessToken,
      expiresAt: Date.now() + expiresInSeconds * 1000,
      endedBecause: null,
    })
  }

  signOut(reason: string | null = null): void {
    if (this.snapshot.status === 'signed-out' && this.snapshot.endedBecause === reason) return
    this.set({ status: 'signed-out', accessToken: null, expiresAt: null, endedBecause: reason })
  }

  setRefresher(refresher: Refresher): void {
    this.refresher = refresher
  }

  /** A fresh access token, or null when the session is over (and then the store says signed out). */
  refresh(): Promise<string | null> {
    if (!this.refresher) return Promise.resolve(null)
    this.inflight ??= this.refresher()
      .then((fresh) => {
        if (!fresh) {
          this.signOut(this.snapshot.status === 'signed-in' ? 'Your session ended. Sign in again.' : null)
          return null
        }
        this.signIn(fresh.accessToken, fresh.expiresInSeconds)
        return fresh.accessToken
      })
      .finally(() => {
        this.inflight = null
      })
    return this.inflight
  }

  private set(snapshot: SessionSnapshot): void {
    this.snapshot = snapshot
    for (const listener of this.listeners) listener()
  }
}

export const tokenStore = new TokenStore()
