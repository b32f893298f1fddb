/**
 * Cache invalidation across services and replicas travels over PostgreSQL NOTIFY on this channel.
 * A `*` payload (sent after a lost listener reconnects) means "drop everything".
 */
export const changesChannel = 'corral_changes'

export type ChangeEvent =
  | { kind: 'user'; id: string }
  | { kind: 'api-key'; id: string; userId: string }
  | { kind: 'ollama-key'; id: string; userId: string }
  | { kind: 'group'; id: string }
  | { kind: 'settings' }
  | { kind: 'ip-allowlist' }
  | { kind: 'signing-keys' }
  /** One session (refresh-token family) ended: its access tokens stop working too. */
  | { kind: 'session'; id: string; userId: string }
  /** Every session of a user issued before `at` ended, except one (a password change keeps its own). */
  | { kind: 'sessions'; userId: string; at: number; exceptSessionId?: string }
  | { kind: 'all' }

export function parseChangeEvent(payload: string): ChangeEvent {
  if (payload === '*') return { kind: 'all' }
  try {
    return JSON.parse(payload) as ChangeEvent
  } catch {
    return { kind: 'all' }
  }
}
