import { queryOptions, useQuery } from '@tanstack/react-query'
import type { OllamaKey } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getOllamaKeys = ({ signal }: { signal?: AbortSignal }) =>
  http<{ keys: OllamaKey[] }>('/corral/v1/me/ollama-keys', { signal }).then((body) => body.keys)

export const ollamaKeysQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.ollamaKeys, queryFn: getOllamaKeys })

export const useOllamaKeys = () => useQuery(ollamaKeysQueryOptions())
