import { goJson } from './go-json.ts'

/** A value Go holds as `json.RawMessage`: written as it came, its key order untouched. */
export class Verbatim {
  constructor(readonly value: unknown) {}
}

/**
 * JSON as Go's `json.Marshal` writes a `map[string]any`: keys in byte order at every level (Ollama builds
 * its Responses stream events as maps), except inside `Verbatim` values.
 */
export function goMapJson(value: unknown): string {
  return goJson(sortKeys(value))
}

/** A copy with every object's keys in byte order, as Go writes a map; `Verbatim` values unwrapped. */
export function sortKeys(value: unknown): unknown {
  if (value instanceof Verbatim) return value.value
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  return sorted
}
