import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { AdminKeyList } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { keysQueryFrom, type KeysView } from '../components/keys-view.ts'

/** One page of keys across every user; rows carry the prefix and last four characters, never a secret. */
export const useApiKeys = (view: KeysView) =>
  useQuery({
    queryKey: queryKeys.apiKeys.list(view),
    queryFn: ({ signal }) =>
      http<AdminKeyList>('/corral/v1/admin/keys', {
        query: { ...keysQueryFrom(view, Date.now()) },
        signal,
      }),
    placeholderData: keepPreviousData,
  })
