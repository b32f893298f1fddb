import type { AdminBackend, BackendModel, LoadedModel } from '@corral/contracts'
import type { Backend, ModelEntry } from '../backends/backend.ts'
import type { QueueView } from '../proxy/queue-view.ts'
import type { BackendHealthHistory } from './health-history.ts'

const text = (value: unknown) => (typeof value === 'string' ? value : null)
const integer = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null
const nameOf = (entry: ModelEntry) => String(entry.model ?? entry.name)

/** A `/api/tags` entry, as the admin panel shows it. */
export function presentModel(entry: ModelEntry): BackendModel {
  const details = (entry.details ?? {}) as Record<string, unknown>
  return {
    name: nameOf(entry),
    size: integer(entry.size),
    digest: text(entry.digest),
    modified_at: text(entry.modified_at),
    family: text(details.family),
    parameter_size: text(details.parameter_size),
    quantization_level: text(details.quantization_level),
  }
}

/** A `/api/ps` entry: what the model takes in memory and on the GPU, and when it unloads. */
export function presentLoadedModel(entry: ModelEntry): LoadedModel {
  return {
    name: nameOf(entry),
    size: integer(entry.size),
    size_vram: integer(entry.size_vram),
    expires_at: text(entry.expires_at),
    context_length: integer(entry.context_length),
  }
}

export function presentBackendDetails(
  backend: Backend,
  queueView: QueueView,
  history: BackendHealthHistory,
): AdminBackend {
  return {
    ...queueView.presentBackend(backend),
    health_history: history.of(backend.id),
    model_details: [...backend.models.values()].map(presentModel),
    loaded_model_details: [...backend.loaded.values()].map(presentLoadedModel),
  }
}
