import type { ChangeEvent } from '@corral/core'

/** Access tokens live 15 minutes; a revocation only needs remembering that long. */
const rememberMs = 16 * 60_000

/**
 * Browser sessions ended early (logout, a replayed refresh token, a password change): their access
 * tokens are refused from the moment the change event arrives, not when they expire.
 */
export class SessionRevocations {
  private readonly sessions = new Map<string, number>()
  private readonly userCutoffs = new Map<string, { at: number; except?: string; forgetAt: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  apply(event: ChangeEvent): void {
    const forgetAt = this.now() + rememberMs
    if (event.kind === 'session') this.sessions.set(event.id, forgetAt)
    if (event.kind === 'sessions')
      this.userCutoffs.set(event.userId, { at: event.at, except: event.exceptSessionId, forgetAt })
    this.prune()
  }

  isRevoked(userId: string, sessionId: string, issuedAt: number): boolean {
    if (this.sessions.has(sessionId)) return true
    const cutoff = this.userCutoffs.get(userId)
    // JWT `iat` has one-second resolution: a token issued in the same second as the cutoff is refused too.
    return cutoff !== undefined && sessionId !== cutoff.except && issuedAt <= cutoff.at
  }

  private prune(): void {
    const now = this.now()
    for (const [id, forgetAt] of this.sessions) if (forgetAt < now) this.sessions.delete(id)
    for (const [id, cutoff] of this.userCutoffs) if (cutoff.forgetAt < now) this.userCutoffs.delete(id)
  }
}
