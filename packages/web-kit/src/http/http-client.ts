import { HttpError, httpErrorFrom } from './http-error.ts'
import { tokenStore } from '../session/token-store.ts'

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
  signal?: AbortSignal
  /** Send the access token (default). Sign-in and registration go without one. */
  auth?: boolean
  /** The `Accept` header; JSON unless told otherwise. */
  accept?: string
}

/**
 * The one way the apps call Corral: same origin, JSON in and out, the access token attached, errors
 * turned into `HttpError`. An expired access token is refreshed once and the call retried, so a 401
 * that reaches the caller means the session is really over (the QueryClient then signs out).
 */
export async function http<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await httpResponse(path, options)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

/** `http` for answers that are not JSON (a CSV export): the successful response, body unread. */
export async function httpResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  const auth = options.auth ?? true
  let token = auth ? tokenStore.get().accessToken : null
  if (auth && !token) token = await tokenStore.refresh()
  if (auth && !token) throw new HttpError(401, 'CORRAL_ERR_UNAUTHENTICATED', 'You are signed out', null, true)

  let response = await send(path, options, token)
  if (response.status === 401 && auth) {
    const fresh = await tokenStore.refresh()
    if (!fresh) throw await httpErrorFrom(response, true)
    response = await send(path, options, fresh)
  }
  if (!response.ok) throw await httpErrorFrom(response, auth)
  return response
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const url = new URL(path, window.location.origin)
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value))
  }
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  try {
    return await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    })
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw new HttpError(0, 'CORRAL_ERR_NETWORK', 'Cannot reach the Corral server. Check your connection.')
  }
}
