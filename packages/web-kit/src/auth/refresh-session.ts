import type { TokenPair } from '@corral/contracts'
import { http } from '../http/http-client.ts'
import { isHttpError } from '../http/http-error.ts'

/**
 * Trades the refresh cookie for a new access token; null when there is no session. Refresh tokens
 * rotate and presenting a spent one ends the session, so tabs of this origin take turns through a Web
 * Lock: the second tab then sends the cookie the first one just received.
 */
export async function refreshSession(): Promise<{ accessToken: string; expiresInSeconds: number } | null> {
  const run = async () => {
    try {
      const pair = await http<TokenPair>('/corral/v1/auth/refresh', {
        method: 'POST',
        body: { use_cookie: true },
        auth: false,
      })
      return { accessToken: pair.access_token, expiresInSeconds: pair.expires_in }
    } catch (error) {
      if (isHttpError(error) && error.status === 401) return null
      throw error
    }
  }
  return typeof navigator.locks?.request === 'function'
    ? navigator.locks.request('corral-refresh', run)
    : run()
}
