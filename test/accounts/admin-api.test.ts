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
import { pollUntil, uniqueName, type CorralErrorBody } from './accounts-helpers.ts'

interface User {
  id: string
  username: string
  role: 'user' | 'admin'
  group_id: string
  group_name: string
  priority: number
  disabled: boolean
  disabled_at: string | null
}

interface Settings {
  registration_enabled: boolean
  default_group_id: string
  queue: { max_length: number; max_per_user: number; max_wait_seconds: number; aging_seconds: number }
  fairness: { input_token_weight: number; output_token_weight: number }
  token_prices: { currency: string; input_per_million: number; output_per_million: number }
}

describe('the admin API', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const findUsers = async (q: string, paging = '') =>
    (
      await admin.api.get<{ users: User[]; total: number }>(
        `/corral/v1/admin/users?q=${encodeURIComponent(q)}${paging}`,
      )
    ).body
  const loginStatus = async (username: string, password: string) =>
    (await anonymous.post('/corral/v1/auth/login', { username, password })).status

  describe('users', () => {
    it('creates a user with a password, who can sign in', async () => {
      const username = uniqueName('Dana')
      const password = strongPassword()
      const created = await admin.api.post<{ id: string; username: string; role: string; group_id: string }>(
        '/corral/v1/admin/users',
        { username, password },
      )
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ username, role: 'user' })
      const fetched = await admin.api.get<User>(`/corral/v1/admin/users/${created.body.id}`)
      expect(fetched.body).toMatchObject({
        id: created.body.id,
        username,
        role: 'user',
        group_name: 'default',
        priority: 5,
        disabled: false,
        disabled_at: null,
      })
      expect((await signIn(corral.url, username, password)).userId).toBe(created.body.id)
    })

    it('refuses duplicate usernames in any letter case, also when created at the same moment', async () => {
      const username = uniqueName('dup')
      expect(
        (await admin.api.post('/corral/v1/admin/users', { username, password: strongPassword() })).status,
      ).toBe(201)
      const upper = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users', {
        username: username.toUpperCase(),
        password: strongPassword(),
      })
      expect(upper.status).toBe(409)
      expect(upper.body.code).toBe('CORRAL_ERR_CONFLICT')

      const racing = uniqueName('race')
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          admin.api.post<CorralErrorBody>('/corral/v1/admin/users', {
            username: index % 2 ? racing.toUpperCase() : racing,
            password: strongPassword(),
          }),
        ),
      )
      expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      expect((await findUsers(racing)).total).toBe(1)
    })

    it('refuses bad input and creates nothing', async () => {
      const cases: [Record<string, unknown>, number, string][] = [
        [{ password: 'password1' }, 400, 'CORRAL_ERR_WEAK_PASSWORD'],
        [{ password: 'x'.repeat(2000) }, 400, 'CORRAL_ERR_VALIDATION'],
        [{ password: strongPassword(), group: uniqueName('no-such-group') }, 404, 'CORRAL_ERR_NOT_FOUND'],
        [{ password: strongPassword(), role: 'root' }, 400, 'CORRAL_ERR_VALIDATION'],
      ]
      for (const [body, status, code] of cases) {
        const username = uniqueName('bad')
        const result = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users', { username, ...body })
        expect(result.status, JSON.stringify(body).slice(0, 80)).toBe(status)
        expect(result.body.code).toBe(code)
        expect((await findUsers(username)).total).toBe(0)
      }
      const badName = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users', {
        username: 'no spaces',
        password: strongPassword(),
      })
      expect(badName.status).toBe(400)
    })

    it('lists users with a case-insensitive search and paging', async () => {
      const tag = uniqueName('page')
      for (const suffix of ['a', 'b', 'c'])
        await admin.api.post('/corral/v1/admin/users', {
          username: `${tag}-${suffix}`,
          password: strongPassword(),
        })
      const all = await findUsers(tag.toUpperCase())
      expect(all.total).toBe(3)
      expect(all.users.map((user) => user.username)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`])
      const first = await findUsers(tag, '&limit=2&offset=0')
      expect(first).toMatchObject({ total: 3 })
      expect(first.users.map((user) => user.username)).toEqual([`${tag}-a`, `${tag}-b`])
      const second = await findUsers(tag, '&limit=2&offset=2')
      expect(second.users.map((user) => user.username)).toEqual([`${tag}-c`])
      // Wildcards are searched for literally.
      expect((await findUsers('%')).total).toBe(0)
      expect((await findUsers(`${tag.slice(0, 3)}_`)).total).toBe(0)
      const bad = await admin.api.get<CorralErrorBody>('/corral/v1/admin/users?limit=0')
      expect(bad.status).toBe(400)
    })

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expect(
        (await admin.api.get<CorralErrorBody>(`/corral/v1/admin/users/${crypto.randomUUID()}`)).status,
      ).toBe(404)
      const malformed = await admin.api.get<CorralErrorBody>('/corral/v1/admin/users/not-an-id')
      expect(malformed.status).toBe(400)
      expect(malformed.body.code).toBe('CORRAL_ERR_VALIDATION')
    })

    it('disables and re-enables a user', async () => {
      const user = await createUser(admin.api)
      const disabled = await admin.api.patch<User>(`/corral/v1/admin/users/${user.userId}`, {
        disabled: true,
      })
      expect(disabled.body).toMatchObject({ disabled: true })
      expect(disabled.body.disabled_at).not.toBeNull()
      expect(await loginStatus(user.username, user.password)).toBe(401)
      expect((await user.api.get('/corral/v1/me')).status).toBe(401)
      const enabled = await admin.api.patch<User>(`/corral/v1/admin/users/${user.userId}`, {
        disabled: false,
      })
      expect(enabled.body).toMatchObject({ disabled: false, disabled_at: null })
      expect(await loginStatus(user.username, user.password)).toBe(200)
    })

    it('promotes a user to admin and back, effective on their current session', async () => {
      const user = await createUser(admin.api)
      expect((await user.api.get('/corral/v1/admin/users')).status).toBe(403)
      expect(
        (await admin.api.patch<User>(`/corral/v1/admin/users/${user.userId}`, { role: 'admin' })).body.role,
      ).toBe('admin')
      expect((await user.api.get('/corral/v1/admin/users')).status).toBe(200)
      expect(
        (await admin.api.patch<User>(`/corral/v1/admin/users/${user.userId}`, { role: 'user' })).body.role,
      ).toBe('user')
      expect((await user.api.get('/corral/v1/admin/users')).status).toBe(403)
    })

    it('does not let an admin demote or disable themselves', async () => {
      const second = await createUser(admin.api, { role: 'admin' })
      for (const change of [{ role: 'user' }, { disabled: true }]) {
        const result = await second.api.patch<CorralErrorBody>(
          `/corral/v1/admin/users/${second.userId}`,
          change,
        )
        expect(result.status).toBe(403)
        expect(result.body.code).toBe('CORRAL_ERR_FORBIDDEN')
      }
      expect((await second.api.get<User>(`/corral/v1/admin/users/${second.userId}`)).body).toMatchObject({
        role: 'admin',
        disabled: false,
      })
    })

    it('resets a user’s password, refusing weak ones and unknown users', async () => {
      const user = await createUser(admin.api)
      const weak = await admin.api.post<CorralErrorBody>(`/corral/v1/admin/users/${user.userId}/password`, {
        password: 'letmein',
      })
      expect(weak.status).toBe(400)
      expect(weak.body.code).toBe('CORRAL_ERR_WEAK_PASSWORD')
      expect(await loginStatus(user.username, user.password)).toBe(200)
      const password = strongPassword()
      expect(
        (await admin.api.post(`/corral/v1/admin/users/${user.userId}/password`, { password })).status,
      ).toBe(204)
      expect(await loginStatus(user.username, user.password)).toBe(401)
      expect(await loginStatus(user.username, password)).toBe(200)
      const unknown = await admin.api.post<CorralErrorBody>(
        `/corral/v1/admin/users/${crypto.randomUUID()}/password`,
        { password: strongPassword() },
      )
      expect(unknown.status).toBe(404)
    })
  })

  describe('keys of any user', () => {
    it('creates, lists and revokes another user’s keys', async () => {
      const user = await createUser(admin.api)
      const created = await admin.api.post<{ id: string; key: string; user_id: string; name: string }>(
        `/corral/v1/admin/users/${user.userId}/keys`,
        { name: 'issued' },
      )
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ user_id: user.userId, name: 'issued' })
      const own = await createKey(user.api, { name: 'own' })
      const listed = await admin.api.get<{ keys: { id: string }[] }>(
        `/corral/v1/admin/users/${user.userId}/keys`,
      )
      expect(listed.body.keys.map((key) => key.id).sort()).toEqual([created.body.id, own.id].sort())
      expect((await user.api.get<{ keys: { id: string }[] }>('/corral/v1/me/keys')).body.keys).toHaveLength(2)
      expect((await admin.api.delete(`/corral/v1/admin/keys/${own.id}`)).status).toBe(204)
      expect((await anonymous.withToken(own.key).get('/api/tags')).status).toBe(401)
      expect((await admin.api.delete(`/corral/v1/admin/keys/${crypto.randomUUID()}`)).status).toBe(404)
      expect((await admin.api.get(`/corral/v1/admin/users/${crypto.randomUUID()}/keys`)).status).toBe(404)
      expect(
        (await admin.api.post(`/corral/v1/admin/users/${crypto.randomUUID()}/keys`, { name: 'x' })).status,
      ).toBe(404)
    })
  })

  describe('settings', () => {
    it('reads and changes settings, merging partial changes', async () => {
      const before = (await admin.api.get<Settings>('/corral/v1/admin/settings')).body
      expect(before).toMatchObject({
        registration_enabled: true,
        queue: { aging_seconds: expect.any(Number) as number },
        token_prices: { currency: 'USD' },
      })
      try {
        const changed = await admin.api.patch<Settings>('/corral/v1/admin/settings', {
          queue: { aging_seconds: 12 },
          token_prices: { currency: 'EUR' },
        })
        expect(changed.status).toBe(200)
        expect(changed.body.queue).toEqual({ ...before.queue, aging_seconds: 12 })
        expect(changed.body.token_prices).toEqual({ ...before.token_prices, currency: 'EUR' })
        expect((await admin.api.get<Settings>('/corral/v1/admin/settings')).body).toEqual(changed.body)
      } finally {
        await admin.api.patch('/corral/v1/admin/settings', {
          queue: before.queue,
          token_prices: before.token_prices,
        })
      }
    })

    it('refuses settings out of range and changes nothing', async () => {
      const before = (await admin.api.get<Settings>('/corral/v1/admin/settings')).body
      for (const patch of [
        { queue: { max_length: 0 } },
        { queue: { aging_seconds: -1 } },
        { token_prices: { input_per_million: -1 } },
        { registration_enabled: 'maybe' },
      ]) {
        const result = await admin.api.patch<CorralErrorBody>('/corral/v1/admin/settings', patch)
        expect(result.status, JSON.stringify(patch)).toBe(400)
        expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
      }
      expect((await admin.api.get<Settings>('/corral/v1/admin/settings')).body).toEqual(before)
    })

    it('applies token prices to usage costs without a restart', async () => {
      const user = await createUser(admin.api)
      const { key } = await createKey(user.api)
      const answer = await anonymous
        .withToken(key)
        .post('/api/generate', { model: 'llama3.2', prompt: 'count the sheep', stream: false })
      expect(answer.status).toBe(200)
      type Usage = {
        totals: { requests: number; prompt_tokens: number; output_tokens: number; cost: number }
        currency: string
      }
      await pollUntil(
        async () => (await user.api.get<Usage>('/corral/v1/me/usage')).body.totals.requests === 1,
        { intervalMs: 100, timeoutMs: 5000 },
      )
      const before = (await admin.api.get<Settings>('/corral/v1/admin/settings')).body
      try {
        await admin.api.patch('/corral/v1/admin/settings', {
          token_prices: { currency: 'CHF', input_per_million: 1_000_000, output_per_million: 2_000_000 },
        })
        const usage = (await user.api.get<Usage>('/corral/v1/me/usage')).body
        expect(usage.currency).toBe('CHF')
        expect(usage.totals.cost).toBeCloseTo(usage.totals.prompt_tokens + 2 * usage.totals.output_tokens)
        expect(usage.totals.cost).toBeGreaterThan(0)
      } finally {
        await admin.api.patch('/corral/v1/admin/settings', { token_prices: before.token_prices })
      }
    })

    it('applies queue limits without a restart', async () => {
      const user = await createUser(admin.api)
      const { key } = await createKey(user.api)
      const before = (await admin.api.get<Settings>('/corral/v1/admin/settings')).body
      const generate = () =>
        anonymous
          .withToken(key)
          .post<{ error?: string }>('/api/generate', { model: 'llama3.2', prompt: 'hello', stream: false })
      try {
        expect(
          (await admin.api.patch('/corral/v1/admin/settings', { queue: { max_per_user: 1 } })).status,
        ).toBe(200)
        await new Promise((resolve) => setTimeout(resolve, 200))
        corral.sim.inject({ kind: 'slow-first-byte', delayMs: 1500 })
        const running = generate()
        await pollUntil(async () => corral.sim.stats.running === 1, { intervalMs: 5, timeoutMs: 3000 })
        const waiting = generate()
        await new Promise((resolve) => setTimeout(resolve, 100))
        const refused = await generate()
        expect([429, 503]).toContain(refused.status)
        expect(refused.body.error).toBeTruthy()
        expect((await running).status).toBe(200)
        expect((await waiting).status).toBe(200)
      } finally {
        await admin.api.patch('/corral/v1/admin/settings', { queue: before.queue })
      }
    })
  })
})
