import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { pollUntil, type CorralErrorBody } from './accounts-helpers.ts'

interface Operation {
  method: string
  path: string
}

describe('roles and ownership on every admin and /me route', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient
  let operations: Operation[]

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
    const document = await anonymous.get<{ paths: Record<string, Record<string, unknown>> }>(
      '/corral/v1/openapi.json',
    )
    operations = Object.entries(document.body.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    )
  })
  afterAll(() => corral?.close())

  /** A concrete URL for an OpenAPI path: every `{param}` becomes a fresh UUID. */
  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => crypto.randomUUID())
  const call = (api: ApiClient, operation: Operation) =>
    api.request<CorralErrorBody>(
      operation.method,
      concrete(operation.path),
      ['POST', 'PUT', 'PATCH'].includes(operation.method) ? {} : undefined,
    )
  const adminOperations = () =>
    operations.filter((operation) => operation.path.startsWith('/corral/v1/admin/'))
  const ownOperations = () =>
    operations.filter(
      (operation) => operation.path === '/corral/v1/me' || operation.path.startsWith('/corral/v1/me/'),
    )

  it('finds the admin routes in the OpenAPI document', () => {
    const admins = adminOperations().map((operation) => `${operation.method} ${operation.path}`)
    expect(admins).toEqual(
      expect.arrayContaining([
        'GET /corral/v1/admin/users',
        'POST /corral/v1/admin/users',
        'PATCH /corral/v1/admin/users/{id}',
        'POST /corral/v1/admin/users/{id}/password',
        'POST /corral/v1/admin/users/{id}/keys',
        'DELETE /corral/v1/admin/keys/{id}',
        'POST /corral/v1/admin/groups',
        'POST /corral/v1/admin/registration-tokens',
        'PUT /corral/v1/admin/ip-allowlist',
        'PATCH /corral/v1/admin/settings',
        'GET /corral/v1/admin/audit',
        'GET /corral/v1/admin/usage',
      ]),
    )
  })

  it('answers 403 to a signed-in non-admin on every admin route', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    for (const credentials of [user.api, anonymous.withToken(key)]) {
      for (const operation of adminOperations()) {
        const result = await call(credentials, operation)
        expect(result.status, `${operation.method} ${operation.path}`).toBe(403)
        expect(result.body.code).toBe('CORRAL_ERR_FORBIDDEN')
      }
    }
  })

  it('answers 401 without credentials on every admin and /me route', async () => {
    const routes = [
      ...adminOperations(),
      ...ownOperations(),
      { method: 'POST', path: '/corral/v1/auth/password' },
    ]
    expect(ownOperations().length).toBeGreaterThan(5)
    for (const operation of routes) {
      const result = await call(anonymous, operation)
      expect(result.status, `${operation.method} ${operation.path}`).toBe(401)
      expect(result.body.code).toBe('CORRAL_ERR_UNAUTHENTICATED')
    }
  })

  it('answers 401 to a disabled user on every /me route', async () => {
    const user = await createUser(admin.api)
    expect((await admin.api.patch(`/corral/v1/admin/users/${user.userId}`, { disabled: true })).status).toBe(
      200,
    )
    for (const operation of ownOperations()) {
      expect((await call(user.api, operation)).status, `${operation.method} ${operation.path}`).toBe(401)
    }
  })

  it('answers 401 to garbage credentials', async () => {
    for (const token of ['nonsense', 'a.b.c', 'corral_sk_', 'corral_rt_something']) {
      const result = await anonymous.withToken(token).get<CorralErrorBody>('/corral/v1/me')
      expect(result.status, token).toBe(401)
    }
  })

  describe('conversations', () => {
    it('does not show, change or delete another user’s conversation', async () => {
      const alice = await createUser(admin.api)
      const bob = await createUser(admin.api)
      const created = await alice.api.post<{ id: string }>('/corral/v1/me/conversations', {
        model: 'llama3.2',
        title: 'secret plans',
      })
      expect(created.status).toBe(201)
      const path = `/corral/v1/me/conversations/${created.body.id}`

      for (const attempt of [
        bob.api.get<CorralErrorBody>(path),
        bob.api.patch<CorralErrorBody>(path, { title: 'mine now' }),
        bob.api.delete<CorralErrorBody>(path),
      ]) {
        const result = await attempt
        expect(result.status).toBe(404)
        expect(result.body.code).toBe('CORRAL_ERR_NOT_FOUND')
      }
      const bobsList = await bob.api.get<{ conversations: { id: string }[] }>(
        '/corral/v1/me/conversations?q=secret',
      )
      expect(bobsList.body.conversations).toEqual([])

      const still = await alice.api.get<{ title: string }>(path)
      expect(still.status).toBe(200)
      expect(still.body.title).toBe('secret plans')
      // Admins have no back door through /me either.
      expect((await admin.api.get(path)).status).toBe(404)
    })
  })

  describe('usage', () => {
    it('does not show a user another user’s usage, whatever the filters say', async () => {
      const alice = await createUser(admin.api)
      const bob = await createUser(admin.api)
      const alicesKey = await createKey(alice.api)
      const answer = await anonymous
        .withToken(alicesKey.key)
        .post('/api/generate', { model: 'llama3.2', prompt: 'private question', stream: false })
      expect(answer.status).toBe(200)
      type Usage = { totals: { requests: number }; records: { user_id: string }[]; by_user?: unknown }
      await pollUntil(
        async () => (await alice.api.get<Usage>('/corral/v1/me/usage')).body.totals.requests === 1,
        { intervalMs: 100, timeoutMs: 5000 },
      )

      for (const query of ['', `?user_id=${alice.userId}`, `?key_id=${alicesKey.id}`]) {
        const bobs = await bob.api.get<Usage>(`/corral/v1/me/usage${query}`)
        expect(bobs.status).toBe(200)
        expect(bobs.body.totals.requests, query).toBe(0)
        expect(bobs.body.records).toEqual([])
        expect(bobs.body.by_user).toBeUndefined()
      }
      const forAdmin = await admin.api.get<Usage>(`/corral/v1/admin/usage?user_id=${alice.userId}`)
      expect(forAdmin.body.records.map((record) => record.user_id)).toEqual([alice.userId])
      expect((await bob.api.get('/corral/v1/admin/usage')).status).toBe(403)
    })
  })
})
