import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, signIn, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import {
  closeAgents,
  createRegistrationToken,
  findRegistrationToken,
  registration,
  requestFrom,
  uniqueName,
  type CorralErrorBody,
} from './accounts-helpers.ts'

describe('registration with invite tokens', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(async () => {
    await closeAgents()
    await corral?.close()
  })

  const userExists = async (username: string) => {
    const list = await admin.api.get<{ users: { username: string }[] }>(
      `/corral/v1/admin/users?q=${encodeURIComponent(username)}`,
    )
    return list.body.users.some((user) => user.username.toLowerCase() === username.toLowerCase())
  }

  it('creates an account with a valid token, which can then sign in', async () => {
    const invite = await createRegistrationToken(admin.api, { max_uses: 3, note: 'for the lab' })
    expect(invite.token).toMatch(/^corral_inv_/)
    expect(invite.uses).toBe(0)
    const body = registration(invite.token)
    const registered = await anonymous.post<{ id: string; username: string; role: string; group_id: string }>(
      '/corral/v1/auth/register',
      body,
    )
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({ username: body.username, role: 'user' })
    const signedIn = await signIn(corral.url, body.username, body.password)
    expect(signedIn.userId).toBe(registered.body.id)
    expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(1)
  })

  it('refuses to register without a valid token', async () => {
    const result = await anonymous.post<CorralErrorBody>(
      '/corral/v1/auth/register',
      registration('corral_inv_not-a-real-token'),
    )
    expect(result.status).toBe(401)
    expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    const missing = await anonymous.post<CorralErrorBody>('/corral/v1/auth/register', {
      username: uniqueName('x'),
      password: strongPassword(),
    })
    expect(missing.status).toBe(400)
    expect(missing.body.code).toBe('CORRAL_ERR_VALIDATION')
  })

  it('lets five concurrent registrations spend a single-use token exactly once', async () => {
    const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
    const attempts = Array.from({ length: 5 }, () => registration(invite.token))
    const results = await Promise.all(
      attempts.map((body) => anonymous.post<CorralErrorBody>('/corral/v1/auth/register', body)),
    )
    const statuses = results.map((result) => result.status).sort()
    expect(statuses).toEqual([201, 401, 401, 401, 401])
    for (const refused of results.filter((result) => result.status !== 201))
      expect(refused.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(1)
    const created = await Promise.all(attempts.map((body) => userExists(body.username)))
    expect(created.filter(Boolean)).toHaveLength(1)
  })

  it('refuses a used-up token', async () => {
    const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
    expect((await anonymous.post('/corral/v1/auth/register', registration(invite.token))).status).toBe(201)
    const again = await anonymous.post<CorralErrorBody>(
      '/corral/v1/auth/register',
      registration(invite.token),
    )
    expect(again.status).toBe(401)
    expect(again.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    expect(again.body.message).toMatch(/used up/)
  })

  it('refuses a revoked token, and lists it as revoked', async () => {
    const invite = await createRegistrationToken(admin.api)
    expect((await admin.api.delete(`/corral/v1/admin/registration-tokens/${invite.id}`)).status).toBe(204)
    const listed = await findRegistrationToken(admin.api, invite.id)
    expect(listed?.revoked_at).not.toBeNull()
    const result = await anonymous.post<CorralErrorBody>(
      '/corral/v1/auth/register',
      registration(invite.token),
    )
    expect(result.status).toBe(401)
    expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    const twice = await admin.api.delete<CorralErrorBody>(`/corral/v1/admin/registration-tokens/${invite.id}`)
    expect(twice.status).toBe(404)
    expect(twice.body.code).toBe('CORRAL_ERR_NOT_FOUND')
  })

  it('refuses an expired token', async () => {
    const invite = await createRegistrationToken(admin.api, {
      expires_at: new Date(Date.now() + 1500).toISOString(),
    })
    await new Promise((resolve) => setTimeout(resolve, 1700))
    const result = await anonymous.post<CorralErrorBody>(
      '/corral/v1/auth/register',
      registration(invite.token),
    )
    expect(result.status).toBe(401)
    expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
    expect(result.body.message).toMatch(/expired/)
  })

  it('refuses to create a token that has already expired', async () => {
    const result = await admin.api.post<CorralErrorBody>('/corral/v1/admin/registration-tokens', {
      expires_at: new Date(Date.now() - 60_000).toISOString(),
    })
    expect(result.status).toBe(400)
    expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
  })

  it('refuses a token with zero or negative uses instead of making it unlimited', async () => {
    for (const maxUses of [0, -1, 1.5]) {
      const result = await admin.api.post<CorralErrorBody>('/corral/v1/admin/registration-tokens', {
        max_uses: maxUses,
      })
      expect(result.status, `max_uses ${maxUses}`).toBe(400)
      expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
    }
  })

  it('gives the new account the role and group of the token', async () => {
    const group = await admin.api.post<{ id: string; name: string }>('/corral/v1/admin/groups', {
      name: uniqueName('students'),
      priority: 3,
    })
    expect(group.status).toBe(201)
    const invite = await createRegistrationToken(admin.api, { group: group.body.name, role: 'admin' })
    expect(invite.group_id).toBe(group.body.id)
    const body = registration(invite.token)
    const registered = await anonymous.post<{ role: string; group_id: string }>(
      '/corral/v1/auth/register',
      body,
    )
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({ role: 'admin', group_id: group.body.id })
    const me = await (
      await signIn(corral.url, body.username, body.password)
    ).api.get<{ group: { name: string; priority: number } }>('/corral/v1/me')
    expect(me.body.group).toMatchObject({ name: group.body.name, priority: 3 })
  })

  it('puts accounts from a token without a group into the default group', async () => {
    const invite = await createRegistrationToken(admin.api)
    const registered = await anonymous.post<{ group_id: string }>(
      '/corral/v1/auth/register',
      registration(invite.token),
    )
    const settings = await admin.api.get<{ default_group_id: string }>('/corral/v1/admin/settings')
    expect(registered.body.group_id).toBe(settings.body.default_group_id)
  })

  it('refuses, clearly and without spending a use, an invitation whose group was deleted since', async () => {
    const group = await admin.api.post<{ id: string; name: string }>('/corral/v1/admin/groups', {
      name: uniqueName('short-lived'),
      priority: 4,
    })
    const invite = await createRegistrationToken(admin.api, { group: group.body.id, max_uses: 1 })
    expect((await admin.api.delete(`/corral/v1/admin/groups/${group.body.id}`)).status).toBe(204)
    const body = registration(invite.token)
    const result = await anonymous.post<CorralErrorBody>('/corral/v1/auth/register', body)
    expect(result.status).toBe(409)
    expect(result.body.code).toBe('CORRAL_ERR_CONFLICT')
    expect(result.body.message).toMatch(/group/)
    expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(0)
    expect(await userExists(body.username)).toBe(false)
  })

  it('refuses a token for a group that does not exist', async () => {
    const result = await admin.api.post<CorralErrorBody>('/corral/v1/admin/registration-tokens', {
      group: uniqueName('no-such-group'),
    })
    expect(result.status).toBe(404)
    expect(result.body.code).toBe('CORRAL_ERR_NOT_FOUND')
  })

  it('links to the registration page on the address the admin used, with https behind a TLS proxy', async () => {
    const invite = await admin.api.post<{ token: string; register_url: string }>(
      '/corral/v1/admin/registration-tokens',
      {},
    )
    expect(invite.body.register_url).toBe(
      `${corral.url}/register?token=${encodeURIComponent(invite.body.token)}`,
    )
    // As nginx forwards it (deploy/nginx/corral.conf): the public Host, and the scheme the browser used.
    const viaProxy = await requestFrom<{ token: string; register_url: string }>(
      '127.0.0.1',
      `${corral.url}/corral/v1/admin/registration-tokens`,
      {
        method: 'POST',
        token: admin.api.token,
        body: {},
        headers: { 'x-forwarded-proto': 'https', host: 'corral.example.org' },
      },
    )
    expect(viaProxy.body.register_url).toBe(
      `https://corral.example.org/register?token=${encodeURIComponent(viaProxy.body.token)}`,
    )
  })

  it('lists tokens without their secrets', async () => {
    const invite = await createRegistrationToken(admin.api, { max_uses: 2, note: 'listing' })
    const list = await admin.api.get<{ tokens: Record<string, unknown>[] }>(
      '/corral/v1/admin/registration-tokens',
    )
    const listed = list.body.tokens.find((token) => token.id === invite.id)
    expect(listed).toMatchObject({ max_uses: 2, uses: 0, note: 'listing', revoked_at: null })
    expect(listed).not.toHaveProperty('token')
    expect(JSON.stringify(list.body)).not.toContain(invite.token)
    expect(invite.token.startsWith(String(listed?.prefix))).toBe(true)
  })

  describe('bad input leaves nothing half-written', () => {
    it('refuses a weak password without spending a use or creating the user', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
      for (const password of ['short', 'password123', 'qwertyuiop']) {
        const body = registration(invite.token, { password })
        const result = await anonymous.post<CorralErrorBody>('/corral/v1/auth/register', body)
        expect(result.status).toBe(400)
        expect(result.body.code).toBe('CORRAL_ERR_WEAK_PASSWORD')
        expect(await userExists(body.username)).toBe(false)
      }
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(0)
    })

    it('refuses a password that is the username', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
      const username = `quokka-${Math.random().toString(36).slice(2, 8)}-wallaby`
      const result = await anonymous.post<CorralErrorBody>(
        '/corral/v1/auth/register',
        registration(invite.token, { username, password: username }),
      )
      expect(result.status).toBe(400)
      expect(result.body.code).toBe('CORRAL_ERR_WEAK_PASSWORD')
    })

    it('refuses oversized passwords with a 400', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
      const long = await anonymous.post<CorralErrorBody>(
        '/corral/v1/auth/register',
        registration(invite.token, { password: `${strongPassword()}${'x'.repeat(300)}` }),
      )
      expect(long.status).toBe(400)
      expect(long.body.code).toBe('CORRAL_ERR_WEAK_PASSWORD')
      const huge = await anonymous.post<CorralErrorBody>(
        '/corral/v1/auth/register',
        registration(invite.token, { password: 'x'.repeat(5000) }),
      )
      expect(huge.status).toBe(400)
      expect(huge.body.code).toBe('CORRAL_ERR_VALIDATION')
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(0)
    })

    it('refuses a username that is taken in any letter case', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 5 })
      const first = registration(invite.token, { username: uniqueName('Casey') })
      expect((await anonymous.post('/corral/v1/auth/register', first)).status).toBe(201)
      const result = await anonymous.post<CorralErrorBody>(
        '/corral/v1/auth/register',
        registration(invite.token, { username: first.username.toUpperCase() }),
      )
      expect(result.status).toBe(409)
      expect(result.body.code).toBe('CORRAL_ERR_CONFLICT')
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(1)
    })

    it('lets only one of several concurrent registrations of one name through, and refunds the others', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 10 })
      const username = uniqueName('race')
      const results = await Promise.all(
        [username, username.toUpperCase(), username, `${username[0]!.toUpperCase()}${username.slice(1)}`].map(
          (name) =>
            anonymous.post<CorralErrorBody>(
              '/corral/v1/auth/register',
              registration(invite.token, { username: name }),
            ),
        ),
      )
      expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409])
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(1)
    })

    it('refuses malformed usernames', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
      for (const username of ['a', 'has space', '-leading-dash', 'x'.repeat(65), 'semi;colon']) {
        const result = await anonymous.post<CorralErrorBody>(
          '/corral/v1/auth/register',
          registration(invite.token, { username }),
        )
        expect(result.status, username).toBe(400)
        expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
      }
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(0)
    })
  })

  it('answers 403 to registrations while registration is closed, without a restart', async () => {
    const invite = await createRegistrationToken(admin.api)
    try {
      const closed = await admin.api.patch<{ registration_enabled: boolean }>('/corral/v1/admin/settings', {
        registration_enabled: false,
      })
      expect(closed.body.registration_enabled).toBe(false)
      const result = await anonymous.post<CorralErrorBody>(
        '/corral/v1/auth/register',
        registration(invite.token),
      )
      expect(result.status).toBe(403)
      expect(result.body.code).toBe('CORRAL_ERR_FORBIDDEN')
      expect((await findRegistrationToken(admin.api, invite.id))?.uses).toBe(0)
    } finally {
      await admin.api.patch('/corral/v1/admin/settings', { registration_enabled: true })
    }
    expect((await anonymous.post('/corral/v1/auth/register', registration(invite.token))).status).toBe(201)
  })

  it('keeps registration-token administration for admins', async () => {
    const invite = await createRegistrationToken(admin.api, { max_uses: 1 })
    const body = registration(invite.token)
    await anonymous.post('/corral/v1/auth/register', body)
    const user = await signIn(corral.url, body.username, body.password)
    expect((await user.api.post<CorralErrorBody>('/corral/v1/admin/registration-tokens', {})).status).toBe(
      403,
    )
    expect((await user.api.get('/corral/v1/admin/registration-tokens')).status).toBe(403)
    expect((await user.api.delete(`/corral/v1/admin/registration-tokens/${invite.id}`)).status).toBe(403)
    expect((await anonymous.get('/corral/v1/admin/registration-tokens')).status).toBe(401)
  })
})
