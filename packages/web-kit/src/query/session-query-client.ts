import { MutationCache, QueryCache, QueryClient, type Mutation } from '@tanstack/react-query'
import { isHttpError } from '../http/http-error.ts'
import { tokenStore } from '../session/token-store.ts'

declare module '@tanstack/react-query' {
  interface Register {
    /** `handlesErrors`: the component shows this mutation's errors itself (a form), so the global
     * policy does not also pop a notification. */
    mutationMeta: { handlesErrors?: boolean }
  }
}

export const sessionEndedMessage = 'Your session ended. Sign in again.'

/** True (and the session signed out) when an authenticated call got a 401 the client could not refresh. */
export function endsSession(error: unknown): boolean {
  if (!isHttpError(error) || error.status !== 401 || !error.authenticated) return false
  tokenStore.signOut(sessionEndedMessage)
  return true
}

export interface SessionQueryClientOptions {
  /** How the app tells people a mutation failed (a notification); not called for forms that show it. */
  onMutationError: (error: unknown, mutation: Mutation<unknown, unknown, unknown>) => void
  /** Default `staleTime` of queries. */
  staleTime?: number
}

/**
 * The one HTTP error policy of both web apps: a 401 on an authenticated call means the session is
 * over (the HTTP client already tried a refresh), so sign out and let the app show its sign-in; other
 * mutation errors go to `onMutationError` unless the form shows them itself; queries show their
 * errors in place. Client errors (4xx) are not retried: asking again gives the same answer.
 */
export function createSessionQueryClient(options: SessionQueryClientOptions): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => void endsSession(error) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (endsSession(error) || mutation.meta?.handlesErrors) return
        options.onMutationError(error, mutation)
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: options.staleTime ?? 15_000,
        retry: (failures, error) =>
          failures < 2 && !(isHttpError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  })
}
