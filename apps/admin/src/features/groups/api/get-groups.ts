import { queryOptions, useQuery } from '@tanstack/react-query'
import type { AdminGroup } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Every group (there are few): the Groups page, and the group pickers of other pages. */
export const groupsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.groups,
    queryFn: ({ signal }) => http<{ groups: AdminGroup[] }>('/corral/v1/admin/groups', { signal }),
    select: (data) => data.groups,
  })

export const useGroups = () => useQuery(groupsQueryOptions())
