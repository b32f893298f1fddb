import type { SimModel } from '../types.ts'
import { sha256Hex } from '../text/hash.ts'
import { rfc3339Nano } from '../text/timestamps.ts'
import { parseModelName, type ModelName } from './model-name.ts'

export interface ModelSpec {
  family: string
  parameterSize: string
  quantization: string
  sizeBytes: number
  capabilities: string[]
  embeddingLength: number
  contextLength: number
}

export interface StoredModel {
  name: ModelName
  spec: ModelSpec
  /** The manifest digest, 64 hex characters without the `sha256:` prefix (as `/api/tags` shows it). */
  digest: string
  modifiedAt: string
  modifiedMs: number
}

export function resolveSpec(model: SimModel): ModelSpec {
  return {
    family: model.family ?? 'llama',
    parameterSize: model.parameterSize ?? '1B',
    quantization: model.quantization ?? 'Q4_K_M',
    sizeBytes: model.sizeBytes ?? 1_321_098_329,
    capabilities: model.capabilities ?? ['completion'],
    embeddingLength: model.embeddingLength ?? 2048,
    contextLength: model.contextLength ?? 4096,
  }
}

/** The models on the simulated disk: what `/api/tags` lists and what inference may use. */
export class ModelStore {
  private readonly models = new Map<string, StoredModel>()

  constructor(models: SimModel[]) {
    this.replaceAll(models)
  }

  replaceAll(models: SimModel[]): void {
    this.models.clear()
    // The first model listed is the newest, so `/api/tags` shows them in the order given.
    const now = performance.timeOrigin + performance.now()
    models.forEach((model, i) => this.add(model.name, resolveSpec(model), undefined, now - i * 60_000))
  }

  /** Undefined for unknown and for invalid names alike; callers word the 404 the way each Ollama handler does. */
  get(rawName: string): StoredModel | undefined {
    const name = parseModelName(rawName)
    return name && this.models.get(name.key)
  }

  /** Newest first, like `ollama list`. */
  list(): StoredModel[] {
    return [...this.models.values()].sort((a, b) => b.modifiedMs - a.modifiedMs)
  }

  add(
    rawName: string,
    spec: ModelSpec,
    digest?: string,
    modifiedMs = performance.timeOrigin + performance.now(),
  ): StoredModel | undefined {
    const name = parseModelName(rawName)
    if (!name) return undefined
    const model = {
      name,
      spec,
      digest: digest ?? sha256Hex(name.full),
      modifiedAt: rfc3339Nano(modifiedMs),
      modifiedMs,
    }
    this.models.set(name.key, model)
    return model
  }

  delete(model: StoredModel): void {
    this.models.delete(model.name.key)
  }
}
