import { useQuery } from '@tanstack/react-query'
import type { AvailableModel } from '@corral/contracts'
import { describeError, type Problem } from '../../../lib/describe-problem.ts'
import { isHttpError } from '@corral/web-kit'
import { modelsQueryOptions } from '../api/get-models.ts'
import { readinessQueryOptions } from '../api/get-readiness.ts'

export type ModelAvailability =
  | { state: 'loading' }
  | { state: 'ready'; models: AvailableModel[] }
  /** The backends answer, but none has a chat model this user may use. */
  | { state: 'none-allowed' }
  | { state: 'backends-down'; problem: Problem }
  | { state: 'failed'; problem: Problem }

/** While the backends are down, look again this often, so the page recovers without a reload. */
const recheckMs = 5_000

/**
 * Whether the user can start a chat, and if not, why. An empty model list has two causes that need
 * different words: Corral lists only the models of healthy backends, so "no backend is up" looks like
 * "no model"; readiness tells them apart. A `CORRAL_ERR_NO_BACKEND` refusal says it directly.
 */
export function useModelAvailability(): ModelAvailability {
  const models = useQuery({
    ...modelsQueryOptions(),
    refetchInterval: (query) =>
      query.state.data?.length === 0 || noBackend(query.state.error) ? recheckMs : false,
  })
  const empty = models.isSuccess && models.data.length === 0
  const readiness = useQuery({
    ...readinessQueryOptions(),
    enabled: empty,
    refetchInterval: (query) => (query.state.data?.backends.ok === false ? recheckMs : false),
  })
  if (models.error) {
    const problem = describeError(models.error)
    return noBackend(models.error) ? { state: 'backends-down', problem } : { state: 'failed', problem }
  }
  if (!models.isSuccess) return { state: 'loading' }
  if (!empty) return { state: 'ready', models: models.data }
  if (readiness.data?.backends.ok === false) {
    return { state: 'backends-down', problem: backendsDown(readiness.data.backends.detail) }
  }
  if (readiness.isPending && readiness.fetchStatus !== 'idle') return { state: 'loading' }
  return { state: 'none-allowed' }
}

const noBackend = (error: unknown) => isHttpError(error) && error.code === 'CORRAL_ERR_NO_BACKEND'

function backendsDown(detail: string | undefined): Problem {
  return {
    kind: 'down',
    title: 'The model servers are down',
    message: `Corral cannot reach any Ollama server${detail ? ` (${detail})` : ''}, so no model can answer. Chats can start again as soon as one is back.`,
    retryAfterSeconds: null,
  }
}
