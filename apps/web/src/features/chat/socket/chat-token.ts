import { isHttpError, type TokenStore } from '@corral/web-kit'

/**
 * The token the chat socket authenticates with: the current access token, or a fresh one once the
 * server refused the last (close code 4401: the token expired, or the session ended). Null means the
 * session is over and the socket signs the user out. A refresh the server refuses (401 for a session
 * ended elsewhere, 403 for an account or address no longer allowed) ends it too; only a server that
 * cannot be reached is worth trying again later, so only that still throws.
 */
export function chatToken(store: Pick<TokenStore, 'get' | 'refresh'>) {
  return async (fresh: boolean): Promise<string | null> => {
    try {
      if (!fresh) {
        const current = store.get().accessToken
        if (current) return current
      }
      return await store.refresh()
    } catch (error) {
      if (isHttpError(error) && (error.status === 401 || error.status === 403)) return null
      throw error
    }
  }
}
