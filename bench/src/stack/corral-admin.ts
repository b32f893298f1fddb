import { randomBytes } from 'node:crypto'

/**
 * Sets Corral up through its public admin API, as an operator would: users, API keys with
 * priorities, queue settings and backend slots. Not on any measured path, so plain `fetch`.
 */
export class CorralAdmin {
  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async signIn(url: string, admin: { username: string; password: string }): Promise<CorralAdmin> {
    const login = await call<{ access_token: string }>(url, undefined, 'POST', '/corral/v1/auth/login', admin)
    return new CorralAdmin(url, login.access_token)
  }

  /** The admin's `Authorization` header (the event stream subscriber signs in as this admin). */
  get authorization(): string {
    return `Bearer ${this.token}`
  }

  /** A new user (default group: priority 5, weight 1, no limits) and one API key for it. */
  async userWithKey(name: string, priority?: number): Promise<string> {
    const password = `Pw-${randomBytes(9).toString('base64url')}-quokka`
    const user = await this.call<{ id: string }>('POST', '/corral/v1/admin/users', {
      username: name,
      password,
      role: 'user',
    })
    const key = await this.call<{ key: string }>('POST', `/corral/v1/admin/users/${user.id}/keys`, {
      name: `${name}-key`,
      ...(priority === undefined ? {} : { priority }),
    })
    return key.key
  }

  /** Queue caps high enough that the benchmark's own load is never refused. */
  async openQueue(maxLength: number): Promise<void> {
    await this.call('PATCH', '/corral/v1/admin/settings', {
      queue: { max_length: maxLength, max_per_user: maxLength, max_wait_seconds: 3600 },
    })
    // Settings reach the scheduler through the change bus, asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 300))
  }

  /** Resizes the (only) backend: the scheduler never gives it more concurrent requests than this. */
  async setSlots(slots: number): Promise<void> {
    const { backends } = await this.call<{ backends: { id: string }[] }>('GET', '/corral/v1/admin/backends')
    for (const backend of backends)
      await this.call('PATCH', `/corral/v1/admin/backends/${backend.id}`, { slots })
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.url, this.token, method, path, body)
  }
}

async function call<T>(
  url: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}
