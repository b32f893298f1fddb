import type { FleetModel } from '@corral/contracts'
import type { BackendRegistry } from '../backends/backend-registry.ts'

/** Every model any backend has, with where it is and where it is loaded, by name. */
export function fleetModels(registry: BackendRegistry): FleetModel[] {
  const models = new Map<string, FleetModel>()
  for (const backend of registry.list()) {
    for (const [name, entry] of backend.models) {
      const model = models.get(name) ?? {
        name,
        size: typeof entry.size === 'number' ? entry.size : null,
        backends: [],
      }
      // Both maps are keyed by the normalised name (health-checker.ts).
      model.backends.push({ id: backend.id, name: backend.row.name, loaded: backend.loaded.has(name) })
      models.set(name, model)
    }
  }
  return [...models.values()].sort((a, b) => a.name.localeCompare(b.name))
}
