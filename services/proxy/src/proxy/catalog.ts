import type { Identity, ModelInfo } from '@corral/core'
import { isModelAllowed, normalizeModelName, openAiErrorBody } from '@corral/core'
import type { ModelEntry } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { ProxyResult } from './proxy-call.ts'

/**
 * The model lists every backend contributes to: `/api/tags`, `/api/ps` and `/v1/models` answer the
 * union of the healthy backends, filtered to the models the caller may use.
 */
export class Catalog {
  constructor(private readonly registry: BackendRegistry) {}

  async answer(method: string, path: string, identity: Identity): Promise<ProxyResult> {
    if (this.registry.healthy().length === 0) throw this.registry.noBackendError()
    if (path === '/api/ps') return json({ models: this.visible('loaded', identity) })
    if (path === '/api/tags')
      return method === 'HEAD' ? json(undefined) : json({ models: this.visible('models', identity) })
    if (path === '/v1/models')
      return json({ object: 'list', data: this.visible('models', identity).map(openAiModel) })
    // The path is already decoded (request-path.ts): `llama3.2%3Alatest` arrives as `llama3.2:latest`.
    const requested = path.slice('/v1/models/'.length)
    const entry = this.visible('models', identity).find(
      (model) => normalizeModelName(model.model ?? model.name) === normalizeModelName(requested),
    )
    if (!entry)
      return {
        kind: 'json',
        status: 404,
        body: openAiErrorBody(404, `model '${normalizeModelName(requested)}' not found`),
      }
    return json({ ...openAiModel(entry), id: requested })
  }

  /** For the chat app's model picker. */
  models(identity: Identity): ModelInfo[] {
    const loaded = new Set(
      this.registry.modelUnion('loaded').map((entry) => normalizeModelName(entry.model ?? entry.name)),
    )
    return this.visible('models', identity).map((entry) => {
      const name = normalizeModelName(entry.model ?? entry.name)
      const details = (entry.details ?? {}) as { family?: string; parameter_size?: string }
      return {
        name,
        family: details.family ?? null,
        parameterSize: details.parameter_size ?? null,
        capabilities: Array.isArray(entry.capabilities) ? (entry.capabilities as string[]) : ['completion'],
        loaded: loaded.has(name),
      }
    })
  }

  /** Fresh lists after a pull, copy or delete. */
  refresh(): Promise<void> {
    return Promise.all(this.registry.healthy().map((backend) => this.registry.refresh(backend))).then(
      () => undefined,
    )
  }

  private visible(kind: 'models' | 'loaded', identity: Identity): ModelEntry[] {
    return this.registry
      .modelUnion(kind)
      .filter((entry) => isModelAllowed(entry.model ?? entry.name, identity.modelAllowlist))
  }
}

function json(body: unknown): ProxyResult {
  return { kind: 'json', status: 200, body }
}

/** Ollama's own mapping (openai.go): `created` is the modified time, `owned_by` the namespace. */
function openAiModel(entry: ModelEntry) {
  const id = String(entry.model ?? entry.name)
  const modified = typeof entry.modified_at === 'string' ? Date.parse(entry.modified_at) : Number.NaN
  const slash = id.indexOf('/')
  return {
    id,
    object: 'model',
    created: Number.isNaN(modified) ? 0 : Math.floor(modified / 1000),
    owned_by: slash === -1 ? 'library' : id.slice(0, slash),
  }
}
