import { useMutation, useQuery } from '@tanstack/react-query'
import type {
  AdminIpAllowlist,
  SaveIpAllowlistRequest,
  TestAddressRequest,
  TestAddressResult,
} from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export const useAllowlist = () =>
  useQuery({
    queryKey: queryKeys.allowlist,
    queryFn: ({ signal }) => http<AdminIpAllowlist>('/corral/v1/admin/ip-allowlist', { signal }),
  })

/** An enabled list that refuses your own address needs `override_lockout`; the server checks too. */
export const useSaveAllowlist = () =>
  useAdminMutation({
    mutationFn: (request: SaveIpAllowlistRequest) =>
      http<AdminIpAllowlist>('/corral/v1/admin/ip-allowlist', { method: 'PUT', body: request }),
    invalidates: () => [queryKeys.allowlist, queryKeys.audit.all],
    success: (saved) =>
      saved.enabled
        ? `Saved the allowlist (${saved.entries.length} entries)`
        : 'Saved the allowlist: it is off',
    handlesErrors: true,
  })

/** Asks the server's own matcher whether an address would be admitted, by the saved list or a draft. */
export const useTestAddress = () =>
  useMutation({
    mutationFn: (request: TestAddressRequest) =>
      http<TestAddressResult>('/corral/v1/admin/ip-allowlist/test', { method: 'POST', body: request }),
    meta: { handlesErrors: true },
  })
