import { notifications } from '@mantine/notifications'
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { describeError } from '../lib/describe-problem.ts'
import { isHttpError } from '../lib/http-error.ts'
import { tokenStore } from '../lib/token-store.ts'

/**
 * The one HTTP error policy (STYLE.md, front end): a 401 on an authenticated call means the session
 * is over (the HTTP client already tried a refresh), so sign out and let the router show the sign-in
 * page; other mutation errors become a notification unless the form shows them itself; queries show
 * their errors in place. Client errors (4xx) are not retried: asking again gives the same answer.
 */
export function createQueryClient(): QueryClient {
  const signedOut = (error: unknown) => {
    if (!isHttpError(error) || error.status !== 401 || !error.authenticated) return false
    tokenStore.signOut('Your session ended. Sign in again.')
    return true
  }
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => void signedOut(error) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (signedOut(error) || mutation.meta?.handlesErrors) return
        const problem = describeError(error)
        notifications.show({ color: 'red', title: problem.title, message: problem.message })
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) =>
          failures < 2 && !(isHttpError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  })
}
