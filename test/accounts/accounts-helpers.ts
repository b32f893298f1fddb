import { generateKeyPairSync, sign } from 'node:crypto'
import { Agent, request } from 'undici'
import type { ApiClient } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'

/** What every Corral error on `/corral/v1/*` looks like. */
export interface CorralErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
}

export interface HttpResult<T = unknown> {
  status: number
  body: T
  headers: Record<string, string | string[] | undefined>
}

const agents = new Map<string, Agent>()

/**
 * Sends a request from a chosen loopback source address (127.0.0.2, 127.0.0.3 … all reach `lo` on
 * Linux), so tests can play several clients, trusted proxies and untrusted peers.
 */
export async function requestFrom<T = unknown>(
  localAddress: string,
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  let agent = agents.get(localAddress)
  if (!agent) {
    // The Client option, not `connect: { localAddress }`: undici 7 overwrites that one with null.
    agent = new Agent({ localAddress })
    agents.set(localAddress, agent)
  }
  const response = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    dispatcher: agent,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await response.body.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.statusCode, body: body as T, headers: response.headers }
}

/** Closes the per-address connection pools (call in afterAll so the test worker can exit cleanly). */
export async function closeAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((agent) => agent.close()))
  agents.clear()
}

/** An invitation made through the admin API; returns the secret and its listing row. */
export async function createRegistrationToken(
  admin: ApiClient,
  body: Record<string, unknown> = {},
): Promise<{
  id: string
  token: string
  uses: number
  max_uses: number | null
  role: string
  group_id: string | null
}> {
  const created = await admin.post<{
    id: string
    token: string
    uses: number
    max_uses: number | null
    role: string
    group_id: string | null
  }>('/corral/v1/admin/registration-tokens', body)
  if (created.status !== 201)
    throw new Error(`creating a registration token failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body
}

export async function findRegistrationToken(admin: ApiClient, id: string) {
  const list = await admin.get<{
    tokens: { id: string; uses: number; max_uses: number | null; revoked_at: string | null }[]
  }>('/corral/v1/admin/registration-tokens')
  return list.body.tokens.find((token) => token.id === id)
}

export const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`

export function registration(token: string, overrides: Record<string, unknown> = {}) {
  return { username: uniqueName('reg'), password: strongPassword(), registration_token: token, ...overrides }
}

export interface AuditEntry {
  id: number
  at: string
  actor_user_id: string | null
  actor_username: string | null
  action: string
  target_type: string | null
  target_id: string | null
  details: Record<string, unknown> | null
  ip: string | null
}

export async function auditEntries(
  admin: ApiClient,
  query: Record<string, string> = {},
): Promise<AuditEntry[]> {
  const result = await admin.get<{ entries: AuditEntry[] }>(
    `/corral/v1/admin/audit?${new URLSearchParams(query).toString()}`,
  )
  if (result.status !== 200)
    throw new Error(`reading the audit log failed: ${result.status} ${JSON.stringify(result.body)}`)
  return result.body.entries
}

/**
 * An `ollama` CLI key pair (`~/.ollama/id_ed25519`): the `ssh-ed25519 AAAA… comment` line to
 * register, and a signer that builds the CLI's Authorization header (ollama auth/auth.go).
 */
export function ollamaKeyPair(comment = 'me@laptop') {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  const type = Buffer.from('ssh-ed25519')
  const lengthOf = (buffer: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(buffer.length)
    return length
  }
  const wireBase64 = Buffer.concat([lengthOf(type), type, lengthOf(raw), raw]).toString('base64')
  return {
    wireBase64,
    publicKeyLine: `ssh-ed25519 ${wireBase64} ${comment}`,
    /** The Authorization header for `METHOD,PATH?ts=UNIX`. */
    authorization(method: string, path: string, ts: number): string {
      const signature = sign(null, Buffer.from(`${method},${path}?ts=${ts}`), privateKey).toString('base64')
      return `${wireBase64}:${signature}`
    },
  }
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * Calls `probe` every `intervalMs` until it returns true; resolves with the milliseconds that took.
 * Throws after `timeoutMs`.
 */
export async function pollUntil(
  probe: () => Promise<boolean>,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const intervalMs = options.intervalMs ?? 10
  const timeoutMs = options.timeoutMs ?? 10_000
  const started = performance.now()
  for (;;) {
    if (await probe()) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
