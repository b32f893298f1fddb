import { queryOptions } from '@tanstack/react-query'
import { queryKeys } from '../../../lib/query-keys.ts'

export interface Readiness {
  status: string
  database: { ok: boolean; detail?: string }
  backends: { ok: boolean; detail?: string }
}

/**
 * `/readyz`: whether Corral can reach its database and an Ollama backend. Public, and it answers 503
 * with the same body when it is not ready, so it is read with `fetch` rather than the HTTP client,
 * which turns every non-2xx answer into an error and drops the body.
 */
export async function getReadiness({ signal }: { signal?: AbortSignal }): Promise<Readiness> {
  const response = await fetch('/readyz', { signal, headers: { accept: 'application/json' } })
  return (await response.json()) as Readiness
}

/** Asked only when the model list is empty, to tell "the backends are down" from "nothing allowed". */
export const readinessQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.readiness, queryFn: getReadiness, staleTime: 5_000 })
