import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApiClient,
  createKey,
  createUser,
  signIn,
  signInAdmin,
  type SignedIn,
} from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import {
  createTaggedUsers,
  listUsers,
  pollUntil,
  uniqueName,
  type AdminUser,
  type CorralErrorBody,
  type FieldErrorBody,
} from './admin-helpers.ts'

describe('the admin users API', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const user = (id: string) => admin.api.get<AdminUser>(`/corral/v1/admin/users/${id}`)
  const loginStatus = async (username: string, password: string) =>
    (await anonymous.post('/corral/v1/auth/login', { username, password })).status

  describe('listing', () => {
    it('searches, filters and sorts on the server, with the total', async () => {
      const tag = uniqueName('list')
      const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
        name: uniqueName('list-group'),
        priority: 3,
      })
      const [a, b, c] = await createTaggedUsers(admin.api, tag, ['c', 'a', 'b'])
      await admin.api.patch(`/corral/v1/admin/users/${a}`, { role: 'admin', group: group.body.id })
      await admin.api.patch(`/corral/v1/admin/users/${c}`, { disabled: true })

      const byName = await listUsers(admin.api, { q: tag })
      expect(byName.total).toBe(3)
      expect(byName.users.map((entry) => entry.username)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`])
      const newestFirst = await listUsers(admin.api, { q: tag, sort: 'created_at', order: 'desc' })
      expect(newestFirst.users.map((entry) => entry.id)).toEqual([c, b, a])
      const byRole = await listUsers(admin.api, { q: tag, sort: 'role', order: 'asc' })
      expect(byRole.users.map((entry) => entry.role)).toEqual(['admin', 'user', 'user'])

      expect((await listUsers(admin.api, { q: tag, role: 'admin' })).users.map((entry) => entry.id)).toEqual([
        a,
      ])
      expect(
        (await listUsers(admin.api, { q: tag, status: 'disabled' })).users.map((entry) => entry.id),
      ).toEqual([c])
      const active = await listUsers(admin.api, { q: tag, status: 'active' })
      expect(active.total).toBe(2)
      const inGroup = await listUsers(admin.api, { group_id: group.body.id })
      expect(inGroup).toMatchObject({
        total: 1,
        users: [{ id: a, group_name: expect.any(String) as string }],
      })
      const page = await listUsers(admin.api, { q: tag, limit: '1', offset: '1' })
      expect(page.total).toBe(3)
      expect(page.users.map((entry) => entry.username)).toEqual([`${tag}-b`])
    })

    it('shows when a user was last active and how many keys they have, and sorts by it', async () => {
      const tag = uniqueName('active')
      const [idle] = await createTaggedUsers(admin.api, tag, ['idle'])
      const busy = await createUser(admin.api)
      const { key } = await createKey(busy.api)
      await createKey(busy.api, { name: 'second' })
      expect((await user(busy.userId)).body).toMatchObject({ last_active_at: null, active_key_count: 2 })
      const answer = await anonymous
        .withToken(key)
        .post('/api/generate', { model: 'llama3.2', prompt: 'hello', stream: false })
      expect(answer.status).toBe(200)
      await pollUntil(async () => (await user(busy.userId)).body.last_active_at !== null, {
        intervalMs: 100,
        timeoutMs: 10_000,
      })
      const seen = Date.parse((await user(busy.userId)).body.last_active_at!)
      expect(Math.abs(seen - Date.now())).toBeLessThan(60_000)

      const recentFirst = await listUsers(admin.api, { sort: 'last_active_at', order: 'desc', limit: '500' })
      const ids = recentFirst.users.map((entry) => entry.id)
      expect(ids.indexOf(busy.userId)).toBeLessThan(ids.indexOf(idle!))
      const neverFirst = await listUsers(admin.api, { sort: 'last_active_at', order: 'asc', limit: '500' })
      expect(neverFirst.users[0]!.last_active_at).toBeNull()
    })

    it('names the refused field of a bad query', async () => {
      for (const [query, path] of [
        ['sort=shoe_size', '/sort'],
        ['status=asleep', '/status'],
        ['group_id=nope', '/group_id'],
        ['limit=501', '/limit'],
      ] as const) {
        const refused = await admin.api.get<FieldErrorBody>(`/corral/v1/admin/users?${query}`)
        expect(refused.status, query).toBe(400)
        expect(refused.body.code).toBe('CORRAL_ERR_VALIDATION')
        expect(refused.body.fields?.[0]).toMatchObject({ in: 'querystring', path })
      }
    })
  })

  describe('creating and passwords', () => {
    it('generates a strong password when none is given, returns it once, and it works', async () => {
      const username = uniqueName('generated')
      const created = await admin.api.post<{ id: string; password: string }>('/corral/v1/admin/users', {
        username,
      })
      expect(created.status).toBe(201)
      expect(created.headers.get('cache-control')).toBe('no-store')
      expect(created.body.password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/)
      expect(await loginStatus(username, created.body.password)).toBe(200)
      const fetched = await admin.api.get(`/corral/v1/admin/users/${created.body.id}`)
      expect(JSON.stringify(fetched.body)).not.toContain(created.body.password)
      const given = await admin.api.post<{ password?: string }>('/corral/v1/admin/users', {
        username: uniqueName('given'),
        password: strongPassword(),
      })
      expect(given.status).toBe(201)
      expect(given.body.password).toBeUndefined()
    })

    it('resets a password to a generated one and ends the user’s sessions', async () => {
      const member = await createUser(admin.api)
      const reset = await admin.api.post<{ password: string }>(
        `/corral/v1/admin/users/${member.userId}/password`,
        {},
      )
      expect(reset.status).toBe(200)
      expect(await loginStatus(member.username, member.password)).toBe(401)
      expect(await loginStatus(member.username, reset.body.password)).toBe(200)
      const refreshed = await anonymous.post('/corral/v1/auth/refresh', {
        refresh_token: member.refreshToken,
      })
      expect(refreshed.status).toBe(401)
    })
  })

  describe('sessions', () => {
    it('lists a user’s sessions with address and user agent, ends one, then all', async () => {
      const member = await createUser(admin.api)
      const laptop = await anonymous.request<{ access_token: string; refresh_token: string }>(
        'POST',
        '/corral/v1/auth/login',
        { username: member.username, password: member.password },
        { 'user-agent': 'laptop-browser/1.0' },
      )
      const listed = await admin.api.get<{
        sessions: {
          id: string
          ip: string
          user_agent: string | null
          created_at: string
          last_used_at: string
        }[]
      }>(`/corral/v1/admin/users/${member.userId}/sessions`)
      expect(listed.status).toBe(200)
      expect(listed.body.sessions).toHaveLength(2)
      const session = listed.body.sessions.find((entry) => entry.user_agent === 'laptop-browser/1.0')!
      expect(session).toMatchObject({ ip: '127.0.0.1' })
      expect(Date.parse(session.last_used_at)).toBeGreaterThanOrEqual(Date.parse(session.created_at))

      const laptopApi = anonymous.withToken(laptop.body.access_token)
      expect(
        (await admin.api.delete(`/corral/v1/admin/users/${member.userId}/sessions/${session.id}`)).status,
      ).toBe(204)
      await pollUntil(async () => (await laptopApi.get('/corral/v1/me')).status === 401, { timeoutMs: 5000 })
      expect((await member.api.get('/corral/v1/me')).status).toBe(200)
      expect(
        (await admin.api.delete(`/corral/v1/admin/users/${member.userId}/sessions/${session.id}`)).status,
      ).toBe(404)

      expect((await admin.api.delete(`/corral/v1/admin/users/${member.userId}/sessions`)).status).toBe(204)
      await pollUntil(async () => (await member.api.get('/corral/v1/me')).status === 401, { timeoutMs: 5000 })
      const after = await admin.api.get<{ sessions: unknown[] }>(
        `/corral/v1/admin/users/${member.userId}/sessions`,
      )
      expect(after.body.sessions).toEqual([])
      expect((await admin.api.get(`/corral/v1/admin/users/${crypto.randomUUID()}/sessions`)).status).toBe(404)
    })
  })

  describe('deleting', () => {
    it('deletes a user with their keys, password and sessions, and audits it once', async () => {
      const member = await createUser(admin.api)
      const { key } = await createKey(member.api)
      expect((await anonymous.withToken(key).get('/api/tags')).status).toBe(200)
      expect((await admin.api.delete(`/corral/v1/admin/users/${member.userId}`)).status).toBe(204)
      expect((await user(member.userId)).status).toBe(404)
      await pollUntil(async () => (await anonymous.withToken(key).get('/api/tags')).status === 401, {
        timeoutMs: 5000,
      })
      await pollUntil(async () => (await member.api.get('/corral/v1/me')).status === 401, { timeoutMs: 5000 })
      expect(await loginStatus(member.username, member.password)).toBe(401)
      const audit = await admin.api.get<{ entries: { action: string; before: Record<string, unknown> }[] }>(
        `/corral/v1/admin/audit?action=user.delete&target_id=${member.userId}`,
      )
      expect(audit.body.entries).toHaveLength(1)
      expect(audit.body.entries[0]!.before).toMatchObject({ username: member.username, role: 'user' })
      expect((await admin.api.delete(`/corral/v1/admin/users/${member.userId}`)).status).toBe(404)
    })

    it('does not let an admin delete themselves', async () => {
      const refused = await admin.api.delete<CorralErrorBody>(`/corral/v1/admin/users/${admin.userId}`)
      expect(refused.status).toBe(403)
      expect(refused.body.code).toBe('CORRAL_ERR_FORBIDDEN')
      expect((await user(admin.userId)).status).toBe(200)
    })
  })

  describe('a user’s page', () => {
    it('shows keys, Ollama keys, recent usage and audit entries in one answer', async () => {
      const member = await createUser(admin.api)
      const { key, id: keyId } = await createKey(member.api, { name: 'laptop' })
      await admin.api.post(`/corral/v1/admin/users/${member.userId}/keys`, { name: 'issued' })
      await admin.api.delete(`/corral/v1/admin/keys/${keyId}`)
      const answer = await anonymous
        .withToken((await createKey(member.api, { name: 'worker' })).key)
        .post('/api/generate', { model: 'llama3.2', prompt: 'hi', stream: false })
      expect(answer.status).toBe(200)
      type Overview = {
        user: AdminUser
        api_keys: { name: string; revoked_at: string | null }[]
        ollama_keys: unknown[]
        usage: { totals: { requests: number }; recent: { user_id: string }[] }
        audit: { action: string }[]
      }
      const overview = async () =>
        (await admin.api.get<Overview>(`/corral/v1/admin/users/${member.userId}/overview`)).body
      await pollUntil(async () => (await overview()).usage.totals.requests === 1, {
        intervalMs: 100,
        timeoutMs: 10_000,
      })
      const page = await overview()
      expect(page.user).toMatchObject({ id: member.userId, active_key_count: 2 })
      expect(page.api_keys.map((entry) => entry.name).sort()).toEqual(['issued', 'laptop', 'worker'])
      expect(page.api_keys.find((entry) => entry.name === 'laptop')!.revoked_at).not.toBeNull()
      expect(page.usage.recent).toHaveLength(1)
      expect(page.audit.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['api_key.create', 'api_key.revoke', 'auth.login']),
      )
      expect(JSON.stringify(page)).not.toContain(key)
      expect((await admin.api.get(`/corral/v1/admin/users/${crypto.randomUUID()}/overview`)).status).toBe(404)
    })
  })

  it('is for admins only', async () => {
    const member = await createUser(admin.api)
    for (const [method, path] of [
      ['GET', '/corral/v1/admin/users'],
      ['GET', `/corral/v1/admin/users/${member.userId}/overview`],
      ['GET', `/corral/v1/admin/users/${member.userId}/sessions`],
      ['POST', '/corral/v1/admin/users/bulk'],
      ['DELETE', `/corral/v1/admin/users/${admin.userId}`],
    ] as const) {
      expect((await member.api.request(method, path, method === 'POST' ? {} : undefined)).status, path).toBe(
        403,
      )
    }
    expect((await signIn(corral.url, member.username, member.password)).userId).toBe(member.userId)
  })
})
