const defaultHost = 'registry.ollama.ai'
const defaultNamespace = 'library'
const partPattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/
const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,79}$/

export interface ModelName {
  /** The shortest form Ollama displays, e.g. `llama3.2:latest` or `me/tiny:1b`. */
  display: string
  /** The fully qualified form Ollama uses in capability errors: `registry.ollama.ai/library/llama3.2:latest`. */
  full: string
  namespace: string
  /** Ollama matches names case-insensitively. */
  key: string
}

/** Parses `[host/][namespace/]model[:tag]` like Ollama's `model.ParseName`; undefined when it is not a valid name. */
export function parseModelName(raw: string): ModelName | undefined {
  const slash = raw.lastIndexOf('/')
  const colon = raw.lastIndexOf(':')
  const hasTag = colon > slash
  const path = hasTag ? raw.slice(0, colon) : raw
  const tag = hasTag ? raw.slice(colon + 1) : 'latest'
  const parts = path.split('/')
  if (parts.length > 3 || !tagPattern.test(tag)) return undefined
  if (
    !parts.every(
      (part, i) => partPattern.test(part) || (i === 0 && parts.length === 3 && /^[\w.-]+(:\d+)?$/.test(part)),
    )
  ) {
    return undefined
  }
  const model = parts[parts.length - 1]
  const namespace = parts.length >= 2 ? parts[parts.length - 2]! : defaultNamespace
  const host = parts.length === 3 ? parts[0] : defaultHost
  const full = `${host}/${namespace}/${model}:${tag}`
  let display = `${model}:${tag}`
  if (host !== defaultHost) display = `${host}/${namespace}/${display}`
  else if (namespace !== defaultNamespace) display = `${namespace}/${display}`
  return { display, full, namespace, key: full.toLowerCase() }
}
