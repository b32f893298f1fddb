import { useEffect, useState } from 'react'
import { tokenStore } from './token-store.ts'
import { useSession } from './use-session.ts'

const retryMs = 15_000

/**
 * Keeps the session alive: on load it asks the refresh cookie for an access token (signed in after a
 * reload, or signed out), then refreshes a little before each token expires. Returns the error when
 * the server could not be reached at start, with a way to try again.
 */
export function useSessionKeeper(): { startupError: unknown; retry: () => void } {
  const session = useSession()
  const [startupError, setStartupError] = useState<unknown>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (session.status !== 'unknown') return
    tokenStore.refresh().then(() => setStartupError(null), setStartupError)
  }, [session.status, attempt])

  useEffect(() => {
    if (session.status !== 'signed-in' || !session.expiresAt) return
    const remaining = session.expiresAt - Date.now()
    const lead = Math.min(60_000, remaining / 5)
    const timer = setTimeout(
      () => {
        // A failed refresh (server unreachable) is tried again; a 401 signs out inside the store.
        tokenStore.refresh().catch(() => setTimeout(() => setAttempt((n) => n + 1), retryMs))
      },
      Math.max(0, remaining - lead),
    )
    return () => clearTimeout(timer)
  }, [session.status, session.expiresAt, attempt])

  return { startupError, retry: () => setAttempt((n) => n + 1) }
}
