import type { Handler } from './exchange.ts'
import { bytesToText } from './go-url.ts'
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
  /** gin's `RedirectTrailingSlash`: the path with its trailing slash toggled has a route. */
  | { kind: 'trailing-slash' }
  | { kind: 'not-found' }
  /** `Allow` lists the methods that do have the path, in the order their trees were created. */
  | { kind: 'method-not-allowed'; allow: string[] }

/**
 * gin's router as Ollama configures it: one tree per method, matched against the *decoded* path
 * (`UseRawPath = false`, so `/api/%63hat` is `/api/chat` and `%2F` is a real separator), with
 * `RedirectTrailingSlash` on, `RedirectFixedPath` off and `HandleMethodNotAllowed` on.
 */
export class Router {
  private readonly trees = new Map<string, MethodTree>()

  add(route: Route): void {
    let tree = this.trees.get(route.method)
    if (!tree) this.trees.set(route.method, (tree = new MethodTree()))
    tree.add(route)
  }

  /** `path` is the decoded path as a byte string (see `go-url.ts`). */
  match(method: string, path: string): RouteMatch {
    const tree = this.trees.get(method)
    const found = tree?.lookup(path)
    if (found) return { kind: 'found', ...found }
    if (tree && method !== 'CONNECT' && path !== '/') {
      const twin = path.endsWith('/') ? path.slice(0, -1) : path + '/'
      if (tree.lookup(twin)) return { kind: 'trailing-slash' }
    }
    const allow = [...this.trees]
      .filter(([other, otherTree]) => other !== method && otherTree.lookup(path))
      .map(([other]) => other)
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' }
  }
}

interface Lookup {
  route: Route
  params: Record<string, string>
}

class MethodTree {
  private readonly exact = new Map<string, Route>()
  private readonly patterns: { segments: string[]; route: Route }[] = []

  add(route: Route): void {
    if (route.path.includes(':')) this.patterns.push({ segments: route.path.split('/'), route })
    else this.exact.set(route.path, route)
  }

  lookup(path: string): Lookup | undefined {
    const route = this.exact.get(path)
    if (route) return { route, params: {} }
    const segments = path.split('/')
    for (const pattern of this.patterns) {
      const params = matchSegments(pattern.segments, segments)
      if (params) return { route: pattern.route, params }
    }
    return undefined
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    // Both arrays have `pattern.length` entries (checked above).
    const expected = pattern[i]!
    const actual = segments[i]!
    if (expected.startsWith(':')) {
      // A gin parameter is never empty; its value is already decoded, and not decoded again.
      if (actual === '') return undefined
      params[expected.slice(1)] = bytesToText(actual)
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}
