import { queryOptions, useQuery } from '@tanstack/react-query'
import type { ApiKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getApiKeys = ({ signal }: { signal?: AbortSignal }) =>
  http<{ keys: ApiKey[] }>('/corral/v1/me/keys', { signal }).then((body) => body.keys)

export const apiKeysQueryOptions = () => queryOptions({ queryKey: queryKeys.apiKeys, queryFn: getApiKeys })

export const useApiKeys = () => useQuery(apiKeysQueryOptions())
