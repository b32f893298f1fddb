import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AdminCreatedUser, AdminCreateUserRequest } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/**
 * Without a password the server generates a strong one and returns it once. The answer is not cached
 * anywhere: the dialog shows it and forgets it when it closes.
 */
export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: AdminCreateUserRequest) =>
      http<AdminCreatedUser>('/corral/v1/admin/users', { method: 'POST', body: request }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.groups }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
      ]),
    // The answer holds a secret shown once: drop it from the cache as soon as nothing shows it.
    gcTime: 0,
    meta: { handlesErrors: true },
  })
}
