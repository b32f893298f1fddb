import { useMutation } from '@tanstack/react-query'
import type { TokenPair } from '@corral/contracts'
import { http } from '../http/http-client.ts'
import { tokenStore } from '../session/token-store.ts'

export interface Credentials {
  username: string
  password: string
}

/** The refresh token goes into an httpOnly cookie (`use_cookie`); the access token stays in memory. */
export const login = (credentials: Credentials) =>
  http<TokenPair>('/corral/v1/auth/login', {
    method: 'POST',
    body: { ...credentials, use_cookie: true },
    auth: false,
  })

export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (pair) => tokenStore.signIn(pair.access_token, pair.expires_in),
    meta: { handlesErrors: true },
  })
}
