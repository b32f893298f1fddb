import { useQuery } from '@tanstack/react-query'
import type { AdminUser } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const useUser = (id: string | null) =>
  useQuery({
    queryKey: [...queryKeys.users.all, 'one', id] as const,
    queryFn: ({ signal }) => http<AdminUser>(`/corral/v1/admin/users/${id}`, { signal }),
    enabled: Boolean(id),
  })
