import { Errors } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'

/** The backends named (each must exist), or every healthy one when none is named. */
export function chooseBackends(registry: BackendRegistry, ids: readonly string[] | undefined): Backend[] {
  if (ids && ids.length > 0) return ids.map((id) => registry.require(id))
  const healthy = registry.healthy()
  if (healthy.length === 0) throw new Errors.noBackend('No Ollama backend is reachable')
  return healthy
}
