import { randomBytes } from 'node:crypto'
import type { CreatedApiKey, TokenPair } from '@corral/contracts'
import { admin, corralUrl, simUrl } from './test-server-config.ts'

/** Test data through Corral's own API, so each test makes the users, keys and invites it needs. */
export interface TestUser {
  username: string
  password: string
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`
export const strongPassword = () => `Pw-${randomBytes(9).toString('base64url')}-quokka`

export async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(corralUrl + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export async function accessToken(user: TestUser): Promise<string> {
  const pair = await call<TokenPair>('POST', '/corral/v1/auth/login', user)
  return pair.access_token
}

export const adminToken = () => accessToken(admin)

export async function createUser(prefix = 'user'): Promise<TestUser> {
  const user = { username: uniqueName(prefix), password: strongPassword() }
  await call('POST', '/corral/v1/admin/users', { ...user, role: 'user' }, await adminToken())
  return user
}

/** A one-use invite; the contracts export its schema but no type for it. */
export async function createInvite(): Promise<{ token: string; register_url: string }> {
  return call<{ token: string; register_url: string }>(
    'POST',
    '/corral/v1/admin/registration-tokens',
    { max_uses: 1 },
    await adminToken(),
  )
}

export async function createApiKey(user: TestUser): Promise<string> {
  const created = await call<CreatedApiKey>(
    'POST',
    '/corral/v1/me/keys',
    { name: uniqueName('key') },
    await accessToken(user),
  )
  return created.key
}

/** Changes the simulator while it runs, e.g. a longer default answer; see packages/ollama-sim/README.md. */
export async function setSimOptions(patch: {
  responseTokens?: number
  tokenIntervalMs?: number
}): Promise<void> {
  const response = await fetch(`${simUrl}/_sim/options`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  })
  if (!response.ok) throw new Error(`PATCH /_sim/options → ${response.status} ${await response.text()}`)
}

/** Queues a simulator fault for the next matching request, e.g. `{ kind: 'mid-stream-error', afterChunks: 3 }`. */
export async function injectSimFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simUrl}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  })
  if (!response.ok) throw new Error(`POST /_sim/faults → ${response.status} ${await response.text()}`)
}

/** A user in a new group with these limits (e.g. one request a minute). */
export async function createLimitedUser(limits: Record<string, number>): Promise<TestUser> {
  const token = await adminToken()
  const group = await call<{ id: string }>(
    'POST',
    '/corral/v1/admin/groups',
    { name: uniqueName('limited'), priority: 5, limits },
    token,
  )
  const user = { username: uniqueName('limited'), password: strongPassword() }
  await call('POST', '/corral/v1/admin/users', { ...user, role: 'user', group: group.id }, token)
  return user
}
