import { sql } from 'drizzle-orm'
import { auditCsvColumns } from '@corral/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import { createRegistrationToken, requestFrom, closeAgents } from '../accounts/accounts-helpers.ts'
import { parseCsv, pollUntil, uniqueName, type CorralErrorBody } from './admin-helpers.ts'

interface AdminKey {
  id: string
  name: string
  user_id: string
  username: string
  group_id: string
  status: 'active' | 'expired' | 'revoked'
  prefix: string
  last_four: string | null
  last_used_at: string | null
}

describe('the admin keys, invitations, allowlist and audit export API', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(async () => {
    await admin?.api.put('/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })
    await closeAgents()
    await corral?.close()
  })

  const keys = async (query: Record<string, string>) =>
    (
      await admin.api.get<{ keys: AdminKey[]; total: number }>(
        `/corral/v1/admin/keys?${new URLSearchParams(query).toString()}`,
      )
    ).body

  describe('API keys across users', () => {
    it('filters by user, group, status and last use, sorts and pages, never showing a secret', async () => {
      const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
        name: uniqueName('keys-group'),
        priority: 4,
      })
      const owner = await createUser(admin.api, { group: group.body.id })
      const used = await createKey(owner.api, { name: 'used' })
      const revoked = await createKey(owner.api, { name: 'revoked' })
      const soon = new Date(Date.now() + 1500).toISOString()
      const expiring = await admin.api.post<{ id: string }>(`/corral/v1/admin/users/${owner.userId}/keys`, {
        name: 'expiring',
        expires_at: soon,
      })
      await admin.api.delete(`/corral/v1/admin/keys/${revoked.id}`)
      const answer = await anonymous
        .withToken(used.key)
        .post('/api/generate', { model: 'llama3.2', prompt: 'hello', stream: false })
      expect(answer.status).toBe(200)

      const all = await keys({ user_id: owner.userId, sort: 'name', order: 'asc' })
      expect(all.total).toBe(3)
      expect(all.keys.map((key) => key.name)).toEqual(['expiring', 'revoked', 'used'])
      expect(all.keys[2]).toMatchObject({ username: owner.username, group_id: group.body.id })
      expect(all.keys[2]!.last_four).toBe(used.key.slice(-4))
      expect(used.key.startsWith(all.keys[2]!.prefix)).toBe(true)
      expect(JSON.stringify(all)).not.toContain(used.key)

      expect((await keys({ group_id: group.body.id, status: 'revoked' })).keys.map((key) => key.id)).toEqual([
        revoked.id,
      ])
      await pollUntil(async () => (await keys({ group_id: group.body.id, status: 'expired' })).total === 1, {
        intervalMs: 200,
        timeoutMs: 5000,
      })
      expect((await keys({ group_id: group.body.id, status: 'expired' })).keys[0]!.id).toBe(expiring.body.id)
      await pollUntil(async () => (await keys({ user_id: owner.userId, never_used: 'false' })).total === 1, {
        intervalMs: 200,
        timeoutMs: 10_000,
      })
      const usedRecently = await keys({
        user_id: owner.userId,
        last_used_after: new Date(Date.now() - 60_000).toISOString(),
      })
      expect(usedRecently.keys.map((key) => key.id)).toEqual([used.id])
      expect((await keys({ user_id: owner.userId, never_used: 'true' })).total).toBe(2)
      const page = await keys({
        user_id: owner.userId,
        sort: 'created_at',
        order: 'desc',
        limit: '1',
        offset: '1',
      })
      expect(page).toMatchObject({ total: 3, keys: [{ id: revoked.id }] })
      expect((await keys({ q: 'EXPIR', user_id: owner.userId })).keys.map((key) => key.name)).toEqual([
        'expiring',
      ])
      expect((await keys({ q: 'piring', user_id: owner.userId })).total).toBe(0)
      expect((await keys({ q: used.key.slice(0, 16) })).keys.map((key) => key.id)).toEqual([used.id])

      const one = await admin.api.get<AdminKey>(`/corral/v1/admin/keys/${used.id}`)
      expect(one.body).toMatchObject({ id: used.id, status: 'active' })
      expect((await admin.api.get(`/corral/v1/admin/keys/${crypto.randomUUID()}`)).status).toBe(404)
      expect((await admin.api.get('/corral/v1/admin/keys?status=lost')).status).toBe(400)
    })

    it('creates a key for any user with priority, models, expiry, CIDRs and limits', async () => {
      const owner = await createUser(admin.api)
      const created = await admin.api.post<{ id: string; key: string; priority: number; cidrs: string[] }>(
        `/corral/v1/admin/users/${owner.userId}/keys`,
        {
          name: 'batch',
          priority: 9,
          models: ['llama3.2'],
          expires_at: new Date(Date.now() + 86_400_000).toISOString(),
          cidrs: ['10.0.0.1'],
          limits: { requests_per_minute: 30 },
        },
      )
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ priority: 9, cidrs: ['10.0.0.1/32'] })
      const badCidr = await admin.api.post<CorralErrorBody>(`/corral/v1/admin/users/${owner.userId}/keys`, {
        name: 'bad',
        cidrs: ['10.0.0.0/33'],
      })
      expect(badCidr.body.code).toBe('CORRAL_ERR_INVALID_CIDR')
      expect((await keys({ user_id: owner.userId })).total).toBe(1)
    })
  })

  describe('registration tokens', () => {
    it('lists uses, status, creator and who redeemed a token when', async () => {
      const invite = await createRegistrationToken(admin.api, { max_uses: 1, note: uniqueName('invite') })
      const username = uniqueName('joined')
      const registered = await anonymous.post<{ id: string }>('/corral/v1/auth/register', {
        username,
        password: strongPassword(),
        registration_token: invite.token,
      })
      expect(registered.status).toBe(201)
      type Listed = {
        id: string
        status: string
        uses: number
        created_by: string
        created_by_username: string
        redemptions: { user_id: string; username: string; at: string }[]
      }
      const list = await admin.api.get<{ tokens: Listed[]; total: number }>(
        '/corral/v1/admin/registration-tokens?status=used_up',
      )
      const listed = list.body.tokens.find((token) => token.id === invite.id)!
      expect(listed).toMatchObject({
        status: 'used_up',
        uses: 1,
        created_by: admin.userId,
        created_by_username: corral.admin.username,
        redemptions: [{ user_id: registered.body.id, username }],
      })
      expect(JSON.stringify(list.body)).not.toContain(invite.token)
      await admin.api.delete(`/corral/v1/admin/registration-tokens/${invite.id}`)
      const revoked = await admin.api.get<{ tokens: Listed[] }>(
        '/corral/v1/admin/registration-tokens?status=revoked',
      )
      expect(revoked.body.tokens.map((token) => token.id)).toContain(invite.id)
    })
  })

  describe('IP allowlist', () => {
    it('tells whether an address is admitted, and by which entry, with the server’s own matching', async () => {
      const entries = [
        { cidr: '10.0.0.0/8', note: 'campus' },
        { cidr: '10.1.2.0/24', note: 'lab' },
        { cidr: '2001:db8::/32', note: 'v6' },
      ]
      const test = (body: Record<string, unknown>) =>
        admin.api.post<{
          address: string
          admitted: boolean
          matched: { note: string } | null
          is_your_address: boolean
        }>('/corral/v1/admin/ip-allowlist/test', body)
      expect((await test({ address: '10.1.2.3', entries })).body).toMatchObject({
        admitted: true,
        matched: { note: 'lab' },
      })
      expect((await test({ address: '::ffff:10.9.9.9', entries })).body).toMatchObject({
        address: '10.9.9.9',
        matched: { note: 'campus' },
      })
      expect((await test({ address: '2001:DB8::1', entries })).body).toMatchObject({
        address: '2001:db8::1',
        matched: { note: 'v6' },
      })
      expect((await test({ address: '192.0.2.1', entries })).body).toMatchObject({
        admitted: false,
        matched: null,
      })
      // The saved list is off: everyone is admitted.
      expect((await test({ address: '192.0.2.1' })).body).toMatchObject({ admitted: true })
      expect((await test({ address: '127.0.0.1', entries })).body.is_your_address).toBe(true)
      const bad = await test({ address: 'banana' })
      expect(bad.status).toBe(400)
      const badEntry = await test({ address: '10.0.0.1', entries: [{ cidr: '10.0.0.0/40', note: '' }] })
      expect((badEntry.body as unknown as CorralErrorBody).code).toBe('CORRAL_ERR_INVALID_CIDR')
    })

    it('needs the override to save a list that locks out your own address, and then enforces it', async () => {
      const current = await admin.api.get<{ your_address: string }>('/corral/v1/admin/ip-allowlist')
      expect(current.body.your_address).toBe('127.0.0.1')
      const lockout = { enabled: true, entries: [{ cidr: '127.0.0.2/32', note: 'someone else' }] }
      const refused = await admin.api.put<CorralErrorBody>('/corral/v1/admin/ip-allowlist', lockout)
      expect(refused.status).toBe(409)
      expect(refused.body.code).toBe('CORRAL_ERR_ALLOWLIST_LOCKOUT')
      expect((await admin.api.get<{ enabled: boolean }>('/corral/v1/admin/ip-allowlist')).body.enabled).toBe(
        false,
      )

      const saved = await requestFrom<{ enabled: boolean }>(
        '127.0.0.2',
        `${corral.url}/corral/v1/admin/ip-allowlist`,
        {
          method: 'PUT',
          token: admin.api.token,
          body: { enabled: true, entries: [{ cidr: '127.0.0.2/32', note: 'me now' }] },
        },
      )
      expect(saved.status).toBe(200)
      // From 127.0.0.2, saving a list without 127.0.0.2 needs the override, and gets it.
      const overridden = await requestFrom('127.0.0.2', `${corral.url}/corral/v1/admin/ip-allowlist`, {
        method: 'PUT',
        token: admin.api.token,
        body: { enabled: true, entries: [{ cidr: '127.0.0.1/32', note: 'back' }], override_lockout: true },
      })
      expect(overridden.status).toBe(200)
      await pollUntil(
        async () =>
          (await requestFrom('127.0.0.2', `${corral.url}/corral/v1/me`, { token: admin.api.token }))
            .status === 403,
        { timeoutMs: 5000 },
      )
      const audit = await admin.api.get<{ entries: { details: Record<string, unknown> }[] }>(
        '/corral/v1/admin/audit?action=ip_allowlist.update&limit=1',
      )
      expect(audit.body.entries[0]!.details).toMatchObject({ override_lockout: true })
      expect(
        (await admin.api.put('/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })).status,
      ).toBe(200)
    })
  })

  describe('audit export', () => {
    it('streams the filtered log as CSV, newest first, across many batches', async () => {
      const action = `test.${uniqueName('export').replace('-', '_')}`
      await corral.corral.database.db.execute(sql`
        insert into users.audit_log (action, actor_username, target_type, target_id, details)
        select ${action}, 'seeder', 'thing', 'item-' || n, jsonb_build_object('n', n, 'note', 'a, "quoted" note')
        from generate_series(1, 1234) as n`)
      const response = await fetch(`${corral.url}/corral/v1/admin/audit/export?action=${action}`, {
        headers: { authorization: `Bearer ${admin.api.token}` },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/csv')
      expect(response.headers.get('content-disposition')).toContain('attachment')
      const [header, ...rows] = parseCsv(await response.text())
      expect(header).toEqual([...auditCsvColumns])
      expect(rows).toHaveLength(1234)
      const ids = rows.map((row) => Number(row[0]))
      expect(new Set(ids).size).toBe(1234)
      expect(ids).toEqual([...ids].sort((a, b) => b - a))
      expect(rows[0]![7]).toBe('item-1234')
      expect(JSON.parse(rows[0]![10]!)).toEqual({ n: 1234, note: 'a, "quoted" note' })

      const familyFiltered = await admin.api.get<{ total: number }>(
        `/corral/v1/admin/audit?action=test.&limit=1`,
      )
      expect(familyFiltered.body.total).toBeGreaterThanOrEqual(1234)
      const member = await createUser(admin.api)
      expect((await member.api.get('/corral/v1/admin/audit/export')).status).toBe(403)
    })
  })

  it('refuses keys and invitations routes to non-admins', async () => {
    const member = await createUser(admin.api)
    await createKey(member.api)
    for (const path of ['/corral/v1/admin/keys', '/corral/v1/admin/registration-tokens']) {
      expect((await member.api.get(path)).status, path).toBe(403)
    }
  })
})
