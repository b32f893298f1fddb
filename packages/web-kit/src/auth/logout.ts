import { useMutation } from '@tanstack/react-query'
import { http } from '../http/http-client.ts'
import { tokenStore } from '../session/token-store.ts'

/** Ends the server session (the cookie carries the refresh token); the app then drops its cache. */
export function useLogout() {
  return useMutation({
    mutationFn: () => http<void>('/corral/v1/auth/logout', { method: 'POST', body: {}, auth: false }),
    onSettled: () => tokenStore.signOut(),
  })
}
