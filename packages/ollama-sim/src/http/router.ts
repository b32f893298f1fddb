import type { Handler } from './exchange.ts'
import type { ErrorShape } from './responses.ts'

export interface Route {
  method: string
  /** Literal segments, or `:name` for one path segment, as in gin. */
  path: string
  handler: Handler
  errors: ErrorShape
  /** Generate, chat, embed and their `/v1` twins: counted in `stats.inferenceInFlight`. */
  inference?: boolean
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' }

interface PatternRoutes {
  segments: string[]
  byMethod: Map<string, Route>
}

/** gin's router with `HandleMethodNotAllowed`: a known path with another method is 405, not 404. */
export class Router {
  private readonly exact = new Map<string, Map<string, Route>>()
  private readonly patterns: PatternRoutes[] = []

  add(route: Route): void {
    if (!route.path.includes(':')) {
      const byMethod = this.exact.get(route.path) ?? new Map<string, Route>()
      byMethod.set(route.method, route)
      this.exact.set(route.path, byMethod)
      return
    }
    const segments = route.path.split('/')
    let pattern = this.patterns.find((p) => p.segments.join('/') === route.path)
    if (!pattern) {
      pattern = { segments, byMethod: new Map() }
      this.patterns.push(pattern)
    }
    pattern.byMethod.set(route.method, route)
  }

  match(method: string, path: string): RouteMatch {
    const byMethod = this.exact.get(path)
    if (byMethod) return pick(byMethod, method, {})
    const segments = path.split('/')
    for (const pattern of this.patterns) {
      const params = matchSegments(pattern.segments, segments)
      if (params) return pick(pattern.byMethod, method, params)
    }
    return { kind: 'not-found' }
  }
}

function pick(byMethod: Map<string, Route>, method: string, params: Record<string, string>): RouteMatch {
  const route = byMethod.get(method)
  return route ? { kind: 'found', route, params } : { kind: 'method-not-allowed' }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    // Both arrays have `pattern.length` entries (checked above).
    const expected = pattern[i]!
    const actual = segments[i]!
    if (expected.startsWith(':')) {
      if (actual === '') return undefined
      const decoded = safeDecode(actual)
      if (decoded === undefined) return undefined
      params[expected.slice(1)] = decoded
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
