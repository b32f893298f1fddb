/**
 * Ollama names models `name:tag` and fills in `latest` when the tag is missing, so `llama3.2` and
 * `llama3.2:latest` are one model. Corral compares (allowlists, routing) only normalised names.
 */
export function normalizeModelName(name: string): string {
  const trimmed = name.trim()
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1)
  return lastSegment.includes(':') || trimmed === '' ? trimmed : `${trimmed}:latest`
}

export function isModelAllowed(model: string, allowlist: readonly string[] | null): boolean {
  if (allowlist === null) return true
  const normalized = normalizeModelName(model)
  return allowlist.some((allowed) => normalizeModelName(allowed) === normalized)
}
