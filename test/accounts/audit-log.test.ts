import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import {
  auditEntries,
  closeAgents,
  createRegistrationToken,
  requestFrom,
  uniqueName,
  type AuditEntry,
} from './accounts-helpers.ts'

describe('the audit log', () => {
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

  const recent = (entry: AuditEntry, since: number) =>
    Date.parse(entry.at) >= since - 1000 && Date.parse(entry.at) <= Date.now() + 1000

  it('records sign-ins and failed sign-ins with who, when and from where', async () => {
    const started = Date.now()
    const user = await createUser(admin.api)
    const failed = await requestFrom('127.0.0.31', `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username: user.username, password: 'wrong' },
    })
    expect(failed.status).toBe(401)
    const succeeded = await requestFrom('127.0.0.32', `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username: user.username, password: user.password },
    })
    expect(succeeded.status).toBe(200)

    const logins = await auditEntries(admin.api, { action: 'auth.login', actor_user_id: user.userId })
    expect(logins.map((entry) => entry.ip).sort()).toEqual(['127.0.0.1', '127.0.0.32'])
    for (const entry of logins) {
      expect(entry).toMatchObject({
        actor_user_id: user.userId,
        actor_username: user.username,
        action: 'auth.login',
      })
      expect(recent(entry, started)).toBe(true)
    }
    const failures = await auditEntries(admin.api, {
      action: 'auth.login_failed',
      actor_user_id: user.userId,
    })
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ actor_username: user.username, ip: '127.0.0.31' })

    const unknownName = uniqueName('stranger')
    await requestFrom('127.0.0.31', `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username: unknownName, password: 'guess' },
    })
    const strangers = (await auditEntries(admin.api, { action: 'auth.login_failed' })).filter(
      (entry) => entry.actor_username === unknownName,
    )
    expect(strangers).toHaveLength(1)
    expect(strangers[0]).toMatchObject({ actor_user_id: null, ip: '127.0.0.31' })
  })

  it('records key creation and revocation by the owner, with the address they came from', async () => {
    const user = await createUser(admin.api)
    const created = await requestFrom<{ id: string }>('127.0.0.33', `${corral.url}/corral/v1/me/keys`, {
      method: 'POST',
      token: user.api.token,
      body: { name: 'audited' },
    })
    expect(created.status).toBe(201)
    expect(
      (
        await requestFrom('127.0.0.34', `${corral.url}/corral/v1/me/keys/${created.body.id}`, {
          method: 'DELETE',
          token: user.api.token,
        })
      ).status,
    ).toBe(204)

    const trail = await auditEntries(admin.api, { target_id: created.body.id })
    expect(trail.map((entry) => entry.action)).toEqual(['api_key.revoke', 'api_key.create'])
    const [revoked, made] = trail
    expect(made).toMatchObject({
      actor_user_id: user.userId,
      actor_username: user.username,
      target_type: 'api_key',
      ip: '127.0.0.33',
    })
    expect(made!.details).toMatchObject({ name: 'audited', owner: user.username })
    expect(revoked).toMatchObject({ actor_user_id: user.userId, target_type: 'api_key', ip: '127.0.0.34' })
    expect(Date.parse(revoked!.at)).toBeGreaterThanOrEqual(Date.parse(made!.at))
  })

  it('records admin changes: users, roles, passwords, groups, keys of others, invitations, settings and the allowlist', async () => {
    const since = new Date(Date.now() - 1000).toISOString()
    const username = uniqueName('audited')
    const user = await admin.api.post<{ id: string }>('/corral/v1/admin/users', {
      username,
      password: strongPassword(),
    })
    await admin.api.patch(`/corral/v1/admin/users/${user.body.id}`, { disabled: true })
    await admin.api.patch(`/corral/v1/admin/users/${user.body.id}`, { disabled: false, role: 'admin' })
    await admin.api.post(`/corral/v1/admin/users/${user.body.id}/password`, { password: strongPassword() })
    const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
      name: uniqueName('audit-group'),
      priority: 4,
    })
    await admin.api.patch(`/corral/v1/admin/groups/${group.body.id}`, { priority: 6 })
    await admin.api.delete(`/corral/v1/admin/groups/${group.body.id}`)
    const key = await admin.api.post<{ id: string }>(`/corral/v1/admin/users/${user.body.id}/keys`, {
      name: 'issued',
    })
    await admin.api.delete(`/corral/v1/admin/keys/${key.body.id}`)
    const invite = await createRegistrationToken(admin.api, { max_uses: 2 })
    await admin.api.delete(`/corral/v1/admin/registration-tokens/${invite.id}`)
    await admin.api.patch('/corral/v1/admin/settings', { queue: { aging_seconds: 30 } })
    await admin.api.put('/corral/v1/admin/ip-allowlist', {
      enabled: false,
      entries: [{ cidr: '192.0.2.0/24', note: 'docs' }],
    })
    await admin.api.put('/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })

    const entries = await auditEntries(admin.api, { actor_user_id: admin.userId, from: since, limit: '500' })
    const actions = entries.map((entry) => `${entry.action} ${entry.target_id ?? ''}`.trim())
    for (const expected of [
      `user.create ${user.body.id}`,
      `user.update ${user.body.id}`,
      `user.password_reset ${user.body.id}`,
      `group.create ${group.body.id}`,
      `group.update ${group.body.id}`,
      `group.delete ${group.body.id}`,
      `api_key.create ${key.body.id}`,
      `api_key.revoke ${key.body.id}`,
      `registration_token.create ${invite.id}`,
      `registration_token.revoke ${invite.id}`,
      'settings.update settings',
      'ip_allowlist.update global',
    ]) {
      expect(actions, expected).toContain(expected)
    }
    for (const entry of entries)
      expect(entry).toMatchObject({ actor_username: corral.admin.username, ip: '127.0.0.1' })
    const updates = entries
      .filter((entry) => entry.action === 'user.update' && entry.target_id === user.body.id)
      .map((entry) => entry.details)
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ disabled: true }),
        expect.objectContaining({ role: 'admin', disabled: false }),
      ]),
    )
    expect(
      entries.find((entry) => entry.action === 'user.create' && entry.target_id === user.body.id)!.details,
    ).toMatchObject({ username, role: 'user' })
  })

  it('records registrations with the invitation used', async () => {
    const invite = await createRegistrationToken(admin.api)
    const username = uniqueName('newbie')
    const registered = await requestFrom<{ id: string }>(
      '127.0.0.35',
      `${corral.url}/corral/v1/auth/register`,
      {
        method: 'POST',
        body: { username, password: strongPassword(), registration_token: invite.token },
      },
    )
    expect(registered.status).toBe(201)
    const [entry] = await auditEntries(admin.api, {
      action: 'auth.register',
      actor_user_id: registered.body.id,
    })
    expect(entry).toMatchObject({
      actor_username: username,
      target_type: 'registration_token',
      target_id: invite.id,
      ip: '127.0.0.35',
    })
  })

  it('filters by action, actor, target and time, newest first, with paging', async () => {
    const user = await createUser(admin.api)
    const keys = [
      await createKey(user.api, { name: 'k1' }),
      await createKey(user.api, { name: 'k2' }),
      await createKey(user.api, { name: 'k3' }),
    ]
    const mine = await auditEntries(admin.api, { action: 'api_key.create', actor_user_id: user.userId })
    expect(mine.map((entry) => entry.target_id)).toEqual(keys.map((key) => key.id).reverse())
    for (let index = 1; index < mine.length; index++)
      expect(Date.parse(mine[index - 1]!.at)).toBeGreaterThanOrEqual(Date.parse(mine[index]!.at))

    const page = await admin.api.get<{ entries: AuditEntry[]; total: number }>(
      `/corral/v1/admin/audit?action=api_key.create&actor_user_id=${user.userId}&limit=2&offset=1`,
    )
    expect(page.body.total).toBe(3)
    expect(page.body.entries.map((entry) => entry.target_id)).toEqual([keys[1]!.id, keys[0]!.id])

    expect(await auditEntries(admin.api, { target_id: keys[2]!.id })).toHaveLength(1)
    const future = new Date(Date.now() + 60_000).toISOString()
    expect(await auditEntries(admin.api, { actor_user_id: user.userId, from: future })).toEqual([])
    const past = new Date(Date.now() - 3600_000).toISOString()
    expect(await auditEntries(admin.api, { actor_user_id: user.userId, to: past })).toEqual([])
    expect((await admin.api.get('/corral/v1/admin/audit?limit=501')).status).toBe(400)
    expect((await admin.api.get('/corral/v1/admin/audit?from=yesterday')).status).toBe(400)
  })

  it('is for admins only', async () => {
    const user = await createUser(admin.api)
    expect((await user.api.get('/corral/v1/admin/audit')).status).toBe(403)
    expect((await anonymous.get('/corral/v1/admin/audit')).status).toBe(401)
  })
})
