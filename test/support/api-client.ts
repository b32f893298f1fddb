import { strongPassword, type TestCorral } from './test-corral.ts'

/** A small typed HTTP helper for Corral's own routes; the proxied APIs are tested with the official clients. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers }
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {})
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body)
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body)
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path)
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token)
  }
}

export interface SignedIn {
  api: ApiClient
  userId: string
  username: string
  password: string
  refreshToken: string
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<SignedIn> {
  const anonymous = new ApiClient(baseUrl)
  const login = await anonymous.post<{ access_token: string; refresh_token: string }>(
    '/corral/v1/auth/login',
    { username, password },
  )
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`)
  const api = anonymous.withToken(login.body.access_token)
  const me = await api.get<{ id: string }>('/corral/v1/me')
  return { api, userId: me.body.id, username, password, refreshToken: login.body.refresh_token }
}

export function signInAdmin(corral: TestCorral): Promise<SignedIn> {
  return signIn(corral.url, corral.admin.username, corral.admin.password)
}

/** Creates a user through the admin API and signs them in. */
export async function createUser(
  admin: ApiClient,
  options: { role?: 'user' | 'admin'; group?: string } = {},
): Promise<SignedIn> {
  const username = `user-${Math.random().toString(36).slice(2, 8)}`
  const password = strongPassword()
  const created = await admin.post('/corral/v1/admin/users', {
    username,
    password,
    role: options.role ?? 'user',
    group: options.group,
  })
  if (created.status !== 201)
    throw new Error(`creating a user failed: ${created.status} ${JSON.stringify(created.body)}`)
  return signIn(admin.baseUrl, username, password)
}

export async function createKey(
  api: ApiClient,
  body: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const created = await api.post<{ id: string; key: string }>('/corral/v1/me/keys', { name: 'test', ...body })
  if (created.status !== 201)
    throw new Error(`creating a key failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body
}
