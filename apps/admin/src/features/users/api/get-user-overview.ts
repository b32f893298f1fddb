import { useQuery } from '@tanstack/react-query'
import type { UserOverview } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Everything the user's page shows (keys, Ollama keys, recent usage, audit), in one answer. */
export const useUserOverview = (id: string) =>
  useQuery({
    queryKey: queryKeys.users.overview(id),
    queryFn: ({ signal }) => http<UserOverview>(`/corral/v1/admin/users/${id}/overview`, { signal }),
  })
