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
import { uniqueName, type CorralErrorBody } from './accounts-helpers.ts'

interface Group {
  id: string
  name: string
  description: string
  priority: number
  weight: number
  models: string[] | null
  limits: Record<string, number | null>
  is_default: boolean
  member_count: number
}

describe('groups and priorities', () => {
  let corral: TestCorral
  let admin: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const createGroup = async (body: Record<string, unknown> = {}) => {
    const created = await admin.api.post<Group>('/corral/v1/admin/groups', {
      name: uniqueName('group'),
      priority: 5,
      ...body,
    })
    if (created.status !== 201)
      throw new Error(`creating a group failed: ${created.status} ${JSON.stringify(created.body)}`)
    return created.body
  }
  const listGroups = async () =>
    (await admin.api.get<{ groups: Group[] }>('/corral/v1/admin/groups')).body.groups

  it('has a default group with priority 5 that everyone starts in', async () => {
    const groups = await listGroups()
    const defaults = groups.filter((group) => group.is_default)
    expect(defaults).toHaveLength(1)
    expect(defaults[0]).toMatchObject({ name: 'default', priority: 5, weight: 1, models: null })
    const user = await createUser(admin.api)
    const me = await user.api.get<{ group: { id: string; priority: number } }>('/corral/v1/me')
    expect(me.body.group).toMatchObject({ id: defaults[0]!.id, priority: 5 })
  })

  it('creates a group with a priority, weight, model allowlist and default limits', async () => {
    const name = uniqueName('research')
    const created = await admin.api.post<Group>('/corral/v1/admin/groups', {
      name,
      description: 'GPU-hungry people',
      priority: 8,
      weight: 2.5,
      models: ['llama3.2', 'qwen3:8b'],
      limits: { max_concurrency: 2, daily_token_quota: 100_000 },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name,
      description: 'GPU-hungry people',
      priority: 8,
      weight: 2.5,
      models: ['llama3.2', 'qwen3:8b'],
      is_default: false,
      member_count: 0,
    })
    expect(created.body.limits).toEqual({
      max_concurrency: 2,
      requests_per_minute: null,
      tokens_per_minute: null,
      daily_token_quota: 100_000,
      monthly_token_quota: null,
    })
    expect((await listGroups()).find((group) => group.id === created.body.id)).toMatchObject({
      name,
      priority: 8,
    })
  })

  it('changes a group, including clearing a limit with null', async () => {
    const group = await createGroup({ limits: { requests_per_minute: 60 } })
    const changed = await admin.api.patch<Group>(`/corral/v1/admin/groups/${group.id}`, {
      priority: 9,
      weight: 3,
      models: ['llama3.2'],
      limits: { requests_per_minute: null },
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ priority: 9, weight: 3, models: ['llama3.2'] })
    expect(changed.body.limits.requests_per_minute).toBeNull()
  })

  it('deletes an empty group, but not the default group or a group with members', async () => {
    const empty = await createGroup()
    expect((await admin.api.delete(`/corral/v1/admin/groups/${empty.id}`)).status).toBe(204)
    expect((await listGroups()).map((group) => group.id)).not.toContain(empty.id)
    expect((await admin.api.delete<CorralErrorBody>(`/corral/v1/admin/groups/${empty.id}`)).status).toBe(404)

    const defaultGroup = (await listGroups()).find((group) => group.is_default)!
    const refusedDefault = await admin.api.delete<CorralErrorBody>(
      `/corral/v1/admin/groups/${defaultGroup.id}`,
    )
    expect(refusedDefault.status).toBe(409)
    expect(refusedDefault.body.code).toBe('CORRAL_ERR_CONFLICT')

    const occupied = await createGroup()
    await createUser(admin.api, { group: occupied.name })
    expect((await listGroups()).find((group) => group.id === occupied.id)!.member_count).toBe(1)
    const refusedOccupied = await admin.api.delete<CorralErrorBody>(`/corral/v1/admin/groups/${occupied.id}`)
    expect(refusedOccupied.status).toBe(409)
    expect(refusedOccupied.body.code).toBe('CORRAL_ERR_CONFLICT')
  })

  it('finds groups by a name that merely looks like an id', async () => {
    const suffix = Math.random().toString(16).slice(2, 8).padEnd(6, '0')
    for (const name of [
      `0123456789abcdef0123456789abcd${suffix}`,
      `------------------------------${suffix}`,
    ]) {
      const created = await admin.api.post<Group>('/corral/v1/admin/groups', { name, priority: 3 })
      expect(created.status, name).toBe(201)
      const user = await createUser(admin.api, { group: name })
      expect((await user.api.get<{ group: { id: string } }>('/corral/v1/me')).body.group.id).toBe(
        created.body.id,
      )
    }
  })

  describe('bad input', () => {
    it('refuses a duplicate group name', async () => {
      const group = await createGroup()
      const duplicate = await admin.api.post<CorralErrorBody>('/corral/v1/admin/groups', {
        name: group.name,
        priority: 3,
      })
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.code).toBe('CORRAL_ERR_CONFLICT')
      const other = await createGroup()
      const rename = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/groups/${other.id}`, {
        name: group.name,
      })
      expect(rename.status).toBe(409)
    })

    it('refuses priorities outside 1–10, non-positive weights and zero limits', async () => {
      const bodies = [
        { priority: 0 },
        { priority: 11 },
        { priority: 2.5 },
        { priority: 5, weight: 0 },
        { priority: 5, weight: -1 },
        { priority: 5, limits: { daily_token_quota: 0 } },
        { priority: 5, limits: { max_concurrency: 0 } },
        { priority: 5, limits: { requests_per_minute: -5 } },
        { priority: 5, models: '' },
        { priority: 5, models: [''] },
      ]
      for (const body of bodies) {
        const result = await admin.api.post<CorralErrorBody>('/corral/v1/admin/groups', {
          name: uniqueName('bad'),
          ...body,
        })
        expect(result.status, JSON.stringify(body)).toBe(400)
        expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
      }
      const group = await createGroup()
      const patched = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/groups/${group.id}`, {
        limits: { monthly_token_quota: 0 },
      })
      expect(patched.status).toBe(400)
      expect(
        (await listGroups()).find((listed) => listed.id === group.id)!.limits.monthly_token_quota,
      ).toBeNull()
    })
  })

  describe('key priorities', () => {
    it('gives a key its group’s priority by default', async () => {
      const group = await createGroup({ priority: 4 })
      const user = await createUser(admin.api, { group: group.name })
      const created = await user.api.post<{ priority: number; priority_override: number | null }>(
        '/corral/v1/me/keys',
        { name: 'default' },
      )
      expect(created.body).toMatchObject({ priority: 4, priority_override: null })
    })

    it('lets a user give a key a priority up to the group’s, not above', async () => {
      const group = await createGroup({ priority: 4 })
      const user = await createUser(admin.api, { group: group.id })
      for (const priority of [1, 4]) {
        const allowed = await user.api.post<{ priority: number }>('/corral/v1/me/keys', {
          name: `p${priority}`,
          priority,
        })
        expect(allowed.status).toBe(201)
        expect(allowed.body.priority).toBe(priority)
      }
      const above = await user.api.post<CorralErrorBody>('/corral/v1/me/keys', {
        name: 'greedy',
        priority: 5,
      })
      expect(above.status).toBe(400)
      expect(above.body.code).toBe('CORRAL_ERR_PRIORITY_OUT_OF_RANGE')
      const keys = await user.api.get<{ keys: { name: string }[] }>('/corral/v1/me/keys')
      expect(keys.body.keys.map((key) => key.name)).not.toContain('greedy')
    })

    it('refuses key priorities outside 1–10 for everyone', async () => {
      const user = await createUser(admin.api)
      for (const priority of [0, 11, -1, 3.5]) {
        for (const api of [user.api, admin.api]) {
          const result = await api.post<CorralErrorBody>('/corral/v1/me/keys', { name: 'odd', priority })
          expect(result.status, `priority ${priority}`).toBe(400)
          expect(result.body.code).toBe('CORRAL_ERR_VALIDATION')
        }
        const forUser = await admin.api.post<CorralErrorBody>(`/corral/v1/admin/users/${user.userId}/keys`, {
          name: 'odd',
          priority,
        })
        expect(forUser.status).toBe(400)
      }
    })

    it('lets an admin set any priority, on their own keys and on anyone’s', async () => {
      const low = await createGroup({ priority: 2 })
      const user = await createUser(admin.api, { group: low.name })
      const forUser = await admin.api.post<{ priority: number; user_id: string; key: string }>(
        `/corral/v1/admin/users/${user.userId}/keys`,
        { name: 'boost', priority: 10 },
      )
      expect(forUser.status).toBe(201)
      expect(forUser.body).toMatchObject({ priority: 10, user_id: user.userId })
      expect((await anonymous.withToken(forUser.body.key).get('/api/tags')).status).toBe(200)
      const own = await admin.api.post<{ priority: number }>('/corral/v1/me/keys', {
        name: 'mine',
        priority: 10,
      })
      expect(own.status).toBe(201)
      expect(own.body.priority).toBe(10)
    })

    it('applies the new group priority to keys without their own, at once', async () => {
      const group = await createGroup({ priority: 3 })
      const user = await createUser(admin.api, { group: group.name })
      const { id } = await createKey(user.api)
      expect((await admin.api.patch(`/corral/v1/admin/groups/${group.id}`, { priority: 7 })).status).toBe(200)
      const keys = await user.api.get<{ keys: { id: string; priority: number }[] }>('/corral/v1/me/keys')
      expect(keys.body.keys.find((key) => key.id === id)!.priority).toBe(7)
      // The user may now go up to the new priority.
      expect((await user.api.post('/corral/v1/me/keys', { name: 'seven', priority: 7 })).status).toBe(201)
    })
  })

  it('moves a user to another group, which /me reflects at once', async () => {
    const group = await createGroup({ priority: 6 })
    const user = await createUser(admin.api)
    const moved = await admin.api.patch<{ group_id: string; group_name: string; priority: number }>(
      `/corral/v1/admin/users/${user.userId}`,
      { group: group.name },
    )
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ group_id: group.id, group_name: group.name, priority: 6 })
    const me = await user.api.get<{ group: { name: string; priority: number } }>('/corral/v1/me')
    expect(me.body.group).toMatchObject({ name: group.name, priority: 6 })
    const unknown = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/users/${user.userId}`, {
      group: uniqueName('nowhere'),
    })
    expect(unknown.status).toBe(404)
  })

  it('limits a group to its models, for keys and browser sessions alike', async () => {
    const group = await createGroup({ models: ['llama3.2'] })
    const user = await createUser(admin.api, { group: group.name })
    const { key } = await createKey(user.api)
    const ask = (token: string, model: string) =>
      anonymous.withToken(token).post<{ error?: string }>('/api/chat', {
        model,
        messages: [{ role: 'user', content: 'hi' }],
        stream: false,
      })
    expect((await ask(key, 'llama3.2')).status).toBe(200)
    expect((await ask(key, 'qwen3:8b')).status).toBe(403)
    // A key cannot widen the group's list.
    const { key: wide } = await createKey(user.api, { models: ['qwen3:8b', 'llama3.2'] })
    expect((await ask(wide, 'qwen3:8b')).status).toBe(403)
    const me = await user.api.get<{ group: { models: string[] | null } }>('/corral/v1/me')
    expect(me.body.group.models).toEqual(['llama3.2'])
  })

  it('puts new accounts into the group the settings name as default', async () => {
    const original = (await admin.api.get<{ default_group_id: string }>('/corral/v1/admin/settings')).body
      .default_group_id
    const group = await createGroup({ priority: 2 })
    try {
      const changed = await admin.api.patch<{ default_group_id: string }>('/corral/v1/admin/settings', {
        default_group_id: group.id,
      })
      expect(changed.status).toBe(200)
      expect(changed.body.default_group_id).toBe(group.id)
      expect((await listGroups()).find((listed) => listed.is_default)!.id).toBe(group.id)
      const username = uniqueName('newcomer')
      const password = strongPassword()
      const created = await admin.api.post<{ group_id: string }>('/corral/v1/admin/users', {
        username,
        password,
      })
      expect(created.body.group_id).toBe(group.id)
      expect((await signIn(corral.url, username, password)).userId).toBeDefined()
    } finally {
      await admin.api.patch('/corral/v1/admin/settings', { default_group_id: original })
    }
    const unknown = await admin.api.patch<CorralErrorBody>('/corral/v1/admin/settings', {
      default_group_id: crypto.randomUUID(),
    })
    expect(unknown.status).toBe(404)
  })
})
