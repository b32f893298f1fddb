import { useMutation } from '@tanstack/react-query'
import type { RegisterRequest } from '@corral/contracts'
import { http } from '../http/http-client.ts'
import { tokenStore } from '../session/token-store.ts'
import { login } from './login.ts'

export const register = (request: RegisterRequest) =>
  http<{ id: string; username: string }>('/corral/v1/auth/register', {
    method: 'POST',
    body: request,
    auth: false,
  })

/** Registers with an invite token, then signs in with the same credentials. */
export function useRegister() {
  return useMutation({
    mutationFn: async (request: RegisterRequest) => {
      await register(request)
      return login({ username: request.username, password: request.password })
    },
    onSuccess: (pair) => tokenStore.signIn(pair.access_token, pair.expires_in),
    meta: { handlesErrors: true },
  })
}
