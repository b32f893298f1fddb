import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  AdminRegistrationToken,
  AdminRegistrationTokenList,
  CreateRegistrationTokenRequest,
  ListRegistrationTokensQuery,
} from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export interface CreatedInvitation extends AdminRegistrationToken {
  token: string
  register_url: string
}

export const useInvitations = (query: ListRegistrationTokensQuery) =>
  useQuery({
    queryKey: queryKeys.invitations.list(query),
    queryFn: ({ signal }) =>
      http<AdminRegistrationTokenList>('/corral/v1/admin/registration-tokens', {
        query: { ...query },
        signal,
      }),
    placeholderData: keepPreviousData,
  })

/** The token and its link come back once; `gcTime: 0` keeps them out of the cache once the dialog closes. */
export function useCreateInvitation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: CreateRegistrationTokenRequest) =>
      http<CreatedInvitation>('/corral/v1/admin/registration-tokens', { method: 'POST', body: request }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
      ]),
    gcTime: 0,
    meta: { handlesErrors: true },
  })
}

/** The next registration with a revoked token fails. */
export const useRevokeInvitation = () =>
  useAdminMutation({
    mutationFn: (token: AdminRegistrationToken) =>
      http<void>(`/corral/v1/admin/registration-tokens/${token.id}`, { method: 'DELETE' }),
    invalidates: () => [queryKeys.invitations.all, queryKeys.audit.all],
    success: (_data, token) => `Revoked the invitation ${token.prefix}…`,
    handlesErrors: true,
  })
