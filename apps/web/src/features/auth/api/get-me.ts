import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Me } from '@corral/contracts'
import { http } from '../../../lib/http-client.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getMe = ({ signal }: { signal?: AbortSignal } = {}) => http<Me>('/corral/v1/me', { signal })

export const meQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 5 * 60_000 })

export const useMe = () => useQuery(meQueryOptions())
