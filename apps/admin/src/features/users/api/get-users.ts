import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { AdminUserList, ListAdminUsersQuery } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getUsers = (query: ListAdminUsersQuery, signal?: AbortSignal) =>
  http<AdminUserList>('/corral/v1/admin/users', { query: { ...query }, signal })

/** One page of users, searched, filtered and sorted by the server; the previous page stays while the next loads. */
export const usersQueryOptions = (query: ListAdminUsersQuery) =>
  queryOptions({
    queryKey: queryKeys.users.list(query),
    queryFn: ({ signal }) => getUsers(query, signal),
    placeholderData: keepPreviousData,
  })

export const useUsers = (query: ListAdminUsersQuery) => useQuery(usersQueryOptions(query))
