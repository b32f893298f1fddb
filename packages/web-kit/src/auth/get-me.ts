import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Me } from '@corral/contracts'
import { http } from '../http/http-client.ts'

/** The signed-in account. Both apps key it the same way, so a role check and the user menu share it. */
export const meQueryKey = ['me'] as const

export const getMe = ({ signal }: { signal?: AbortSignal } = {}) => http<Me>('/corral/v1/me', { signal })

export const meQueryOptions = () =>
  queryOptions({ queryKey: meQueryKey, queryFn: getMe, staleTime: 5 * 60_000 })

export const useMe = () => useQuery(meQueryOptions())
