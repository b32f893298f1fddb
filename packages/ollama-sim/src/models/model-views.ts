import type { StoredModel } from './model-store.ts'

/** `api.ModelDetails` as `/api/tags`, `/api/ps` and `/api/show` report it. */
export function details(model: StoredModel): Record<string, unknown> {
  const { spec } = model
  return {
    parent_model: '',
    format: 'gguf',
    family: spec.family,
    families: [spec.family],
    parameter_size: spec.parameterSize,
    quantization_level: spec.quantization,
  }
}

/** One entry of `/api/tags` (`api.ListModelResponse`). */
export function listEntry(model: StoredModel): Record<string, unknown> {
  return {
    name: model.name.display,
    model: model.name.display,
    modified_at: model.modifiedAt,
    size: model.spec.sizeBytes,
    digest: model.digest,
    details: details(model),
    capabilities: model.spec.capabilities,
  }
}

/** `/api/show`'s `model_info`: the GGUF keys integrations read most (architecture, context and embedding length). */
export function modelInfo(model: StoredModel): Record<string, unknown> {
  const { family, contextLength, embeddingLength } = model.spec
  const architecture = family.replace(/-/g, '')
  return {
    'general.architecture': architecture,
    'general.file_type': 15,
    'general.parameter_count': parameterCount(model.spec.parameterSize),
    'general.quantization_version': 2,
    [`${architecture}.context_length`]: contextLength,
    [`${architecture}.embedding_length`]: embeddingLength,
  }
}

function parameterCount(size: string): number {
  const match = /^([\d.]+)\s*([KMBT]?)/i.exec(size)
  if (!match) return 0
  const scale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 }
  // Group 2 (`[KMBT]?`) always takes part in a match, if only as ''.
  return Math.round(Number(match[1]) * (scale[match[2]!.toUpperCase()] ?? 1))
}
