import { queryOptions, useQuery } from '@tanstack/react-query'
import type { AvailableModel } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

export const getModels = ({ signal }: { signal?: AbortSignal }) =>
  http<{ models: AvailableModel[] }>('/corral/v1/models', { signal }).then((body) => body.models)

/** Embedding-only models cannot chat. */
export const chatModels = (models: AvailableModel[]) =>
  models.filter((model) => model.capabilities.includes('completion'))

/** The models this user may use, across every backend. */
export const modelsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.models, queryFn: getModels, staleTime: 60_000, select: chatModels })

export const useModels = () => useQuery(modelsQueryOptions())

/** Ollama treats `llama3.2` and `llama3.2:latest` as one model. */
export const sameModel = (a: string, b: string) => withTag(a) === withTag(b)
const withTag = (name: string) => (name.includes(':') ? name : `${name}:latest`)
