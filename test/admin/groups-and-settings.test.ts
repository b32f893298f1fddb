import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { uniqueName, type CorralErrorBody, type FieldErrorBody } from './admin-helpers.ts'

interface Group {
  id: string
  name: string
  priority: number
  weight: number
  version: number
  member_count: number
  limits: Record<string, number | null>
}

interface Preview {
  changes: { field: string; before: unknown; after: unknown }[]
  affected_users: number
  affected_keys: number
  stale: boolean
  current: Group
}

describe('the admin groups and settings API', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  const newGroup = async () =>
    (await admin.api.post<Group>('/corral/v1/admin/groups', { name: uniqueName('team'), priority: 5 })).body

  describe('groups', () => {
    it('previews an edit: what changes, and how many users and keys it affects, saving nothing', async () => {
      const group = await newGroup()
      const members = [
        await createUser(admin.api, { group: group.id }),
        await createUser(admin.api, { group: group.id }),
      ]
      await createKey(members[0]!.api)
      await createKey(members[1]!.api, { priority: 2 })
      const preview = await admin.api.post<Preview>(`/corral/v1/admin/groups/${group.id}/preview`, {
        priority: 7,
        weight: group.weight,
        limits: { tokens_per_minute: 5000 },
        version: group.version,
      })
      expect(preview.status).toBe(200)
      expect(preview.body).toMatchObject({ affected_users: 2, affected_keys: 1, stale: false })
      expect(preview.body.changes).toEqual([
        { field: 'priority', before: 5, after: 7 },
        { field: 'limits.tokens_per_minute', before: null, after: 5000 },
      ])
      const unchanged = await admin.api.get<Group>(`/corral/v1/admin/groups/${group.id}`)
      expect(unchanged.body).toMatchObject({ priority: 5, version: group.version, member_count: 2 })
    })

    it('refuses a stale edit with a clear message and keeps the other admin’s change', async () => {
      const group = await newGroup()
      const first = await admin.api.patch<Group>(`/corral/v1/admin/groups/${group.id}`, {
        priority: 8,
        version: group.version,
      })
      expect(first.status).toBe(200)
      expect(first.body.version).toBe(group.version + 1)
      const second = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/groups/${group.id}`, {
        priority: 2,
        version: group.version,
      })
      expect(second.status).toBe(409)
      expect(second.body.code).toBe('CORRAL_ERR_STALE_EDIT')
      expect(second.body.message).toContain('changed by someone else')
      const preview = await admin.api.post<Preview>(`/corral/v1/admin/groups/${group.id}/preview`, {
        priority: 2,
        version: group.version,
      })
      expect(preview.body.stale).toBe(true)
      expect((await admin.api.get<Group>(`/corral/v1/admin/groups/${group.id}`)).body.priority).toBe(8)
      // Two saves from the same version at once: exactly one wins.
      const current = (await admin.api.get<Group>(`/corral/v1/admin/groups/${group.id}`)).body
      const racing = await Promise.all(
        [3, 4, 6].map((priority) =>
          admin.api.patch(`/corral/v1/admin/groups/${group.id}`, { priority, version: current.version }),
        ),
      )
      expect(racing.map((result) => result.status).sort()).toEqual([200, 409, 409])
    })

    it('audits a change with the fields before and after', async () => {
      const group = await newGroup()
      await admin.api.patch(`/corral/v1/admin/groups/${group.id}`, { weight: 3, models: ['llama3.2'] })
      const audit = await admin.api.get<{ entries: { before: unknown; after: unknown }[] }>(
        `/corral/v1/admin/audit?action=group.update&target_id=${group.id}`,
      )
      expect(audit.body.entries).toHaveLength(1)
      expect(audit.body.entries[0]).toMatchObject({
        before: { weight: 1, models: null },
        after: { weight: 3, models: ['llama3.2'] },
      })
    })

    it('refuses out-of-range priorities, duplicate names and unknown groups, changing nothing', async () => {
      const group = await newGroup()
      const other = await newGroup()
      for (const priority of [0, 11, 2.5]) {
        const refused = await admin.api.patch<FieldErrorBody>(`/corral/v1/admin/groups/${group.id}`, {
          priority,
        })
        expect(refused.status, String(priority)).toBe(400)
        expect(refused.body.fields?.[0]).toMatchObject({ in: 'body', path: '/priority' })
      }
      const duplicate = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/groups/${group.id}`, {
        name: other.name,
      })
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.code).toBe('CORRAL_ERR_CONFLICT')
      const after = (await admin.api.get<Group>(`/corral/v1/admin/groups/${group.id}`)).body
      expect(after).toMatchObject({ name: group.name, priority: 5, version: group.version })
      const unknown = crypto.randomUUID()
      expect(
        (await admin.api.patch(`/corral/v1/admin/groups/${unknown}`, { priority: 3, version: 0 })).status,
      ).toBe(404)
      expect((await admin.api.post(`/corral/v1/admin/groups/${unknown}/preview`, {})).status).toBe(404)
    })
  })

  describe('settings', () => {
    interface Description {
      values: { queue: { aging_seconds: number; max_length: number } }
      defaults: { queue: { aging_seconds: number } }
      schema: {
        properties: Record<string, { properties?: Record<string, { minimum?: number; title?: string }> }>
      }
      version: number
    }

    it('describes every setting with its schema, defaults and version', async () => {
      const description = (await admin.api.get<Description>('/corral/v1/admin/settings/schema')).body
      expect(Object.keys(description.schema.properties).sort()).toEqual([
        'default_group_id',
        'fairness',
        'queue',
        'registration_enabled',
        'reporting_time_zone',
        'token_prices',
      ])
      expect(description.schema.properties.queue!.properties!.max_length).toMatchObject({
        minimum: 1,
        title: 'Queue cap',
      })
      expect(description.defaults.queue.aging_seconds).toBe(30)
      expect(Number.isInteger(description.version)).toBe(true)
    })

    it('refuses a stale save, names refused fields, and audits the field that changed', async () => {
      const before = (await admin.api.get<Description>('/corral/v1/admin/settings/schema')).body
      const saved = await admin.api.patch('/corral/v1/admin/settings', {
        queue: { max_length: before.values.queue.max_length + 1 },
        version: before.version,
      })
      expect(saved.status).toBe(200)
      const stale = await admin.api.patch<CorralErrorBody>('/corral/v1/admin/settings', {
        queue: { max_length: 5 },
        version: before.version,
      })
      expect(stale.status).toBe(409)
      expect(stale.body.code).toBe('CORRAL_ERR_STALE_EDIT')
      const after = (await admin.api.get<Description>('/corral/v1/admin/settings/schema')).body
      expect(after.version).toBe(before.version + 1)
      expect(after.values.queue.max_length).toBe(before.values.queue.max_length + 1)

      const refused = await admin.api.patch<FieldErrorBody>('/corral/v1/admin/settings', {
        fairness: { output_token_weight: -1 },
      })
      expect(refused.status).toBe(400)
      expect(refused.body.fields).toEqual([
        { in: 'body', path: '/fairness/output_token_weight', message: 'must be >= 0' },
      ])

      const audit = await admin.api.get<{ entries: { before: unknown; after: unknown }[] }>(
        '/corral/v1/admin/audit?action=settings.update&limit=1',
      )
      expect(audit.body.entries[0]).toMatchObject({
        before: { 'queue.max_length': before.values.queue.max_length },
        after: { 'queue.max_length': before.values.queue.max_length + 1 },
      })
      await admin.api.patch('/corral/v1/admin/settings', {
        queue: { max_length: before.values.queue.max_length },
      })
    })
  })
})
