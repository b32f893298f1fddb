import { useMutation, useQueryClient } from '@tanstack/react-query'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** The server generates the new password and returns it once; every session of the user ends. */
export function useResetPassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) =>
      http<{ password: string }>(`/corral/v1/admin/users/${userId}/password`, { method: 'POST', body: {} }),
    onSuccess: (_data, userId) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.users.sessions(userId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.users.overview(userId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
      ]),
    // The answer holds a secret shown once: drop it from the cache as soon as nothing shows it.
    gcTime: 0,
    meta: { handlesErrors: true },
  })
}
