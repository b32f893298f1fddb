export type Role = 'user' | 'admin'

/** How a request proved who it is. */
export type AuthMethod = 'session' | 'api_key' | 'ollama_key'

/** Per-key or per-group limits; null means unlimited. */
export interface Limits {
  maxConcurrency: number | null
  requestsPerMinute: number | null
  tokensPerMinute: number | null
  dailyTokenQuota: number | null
  monthlyTokenQuota: number | null
}

/** The scope that lets a key manage models (`pull`, `push`, `create`, `copy`, `delete`, `blobs`). */
export const manageModelsScope = 'models:manage'

/**
 * Who is calling, with everything the proxy needs to queue the request: resolved once by the gateway
 * (from a cache, not the database) and passed to the services as a plain object.
 */
export interface Identity {
  userId: string
  username: string
  role: Role
  groupId: string
  method: AuthMethod
  /** The API key or Ollama key used; null for browser sessions. */
  keyId: string | null
  /** 1 (lowest) to 10 (highest): the key's priority, or the group's. */
  priority: number
  /** The group's fair-share weight. */
  weight: number
  scopes: readonly string[]
  /** Models this caller may use: the intersection of the group's and the key's lists; null = any. */
  modelAllowlist: readonly string[] | null
  /** Per-key CIDR allowlist (API keys only); null = any address. */
  keyCidrs: readonly string[] | null
  keyLimits: Limits | null
  /**
   * The key was given less than its owner has (a model allowlist, limits, or a priority below the
   * group's). Such a key may not use admin routes: it could otherwise mint an unrestricted one.
   */
  keyRestricted: boolean
  groupLimits: Limits
  /** When the API key stops working (epoch ms); caches must not outlive it. null = never. */
  credentialExpiresAt: number | null
}

export function canManageModels(identity: Identity): boolean {
  return identity.role === 'admin' || identity.scopes.includes(manageModelsScope)
}
