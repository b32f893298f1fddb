import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import {
  createTaggedUsers,
  listUsers,
  uniqueName,
  type AdminUser,
  type CorralErrorBody,
  type FieldErrorBody,
} from './admin-helpers.ts'

describe('bulk actions on users', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  it('disables, enables and moves a selection, one audit record per user', async () => {
    const tag = uniqueName('bulk')
    const ids = await createTaggedUsers(admin.api, tag, ['a', 'b', 'c'])
    const group = await admin.api.post<{ id: string; name: string }>('/corral/v1/admin/groups', {
      name: uniqueName('bulk-group'),
      priority: 2,
    })
    await admin.api.patch(`/corral/v1/admin/users/${ids[0]}`, { disabled: true })
    const disabled = await admin.api.post<{ changed: number; users: AdminUser[] }>(
      '/corral/v1/admin/users/bulk',
      { ids, action: 'disable' },
    )
    expect(disabled.status).toBe(200)
    expect(disabled.body.changed).toBe(2)
    expect(disabled.body.users.every((entry) => entry.disabled)).toBe(true)
    const moved = await admin.api.post<{ changed: number; users: AdminUser[] }>(
      '/corral/v1/admin/users/bulk',
      { ids, action: 'move', group: group.body.name },
    )
    expect(moved.body.changed).toBe(3)
    expect(moved.body.users.map((entry) => entry.group_id)).toEqual([
      group.body.id,
      group.body.id,
      group.body.id,
    ])
    expect(
      (await admin.api.post<{ changed: number }>('/corral/v1/admin/users/bulk', { ids, action: 'enable' }))
        .body.changed,
    ).toBe(3)

    const audit = await admin.api.get<{
      entries: { target_id: string; details: { bulk?: string }; before: unknown; after: unknown }[]
    }>(`/corral/v1/admin/audit?action=user.update&actor_user_id=${admin.userId}&limit=500`)
    const bulkMoves = audit.body.entries.filter(
      (entry) => ids.includes(entry.target_id) && entry.details.bulk === 'move',
    )
    expect(bulkMoves).toHaveLength(3)
    expect(bulkMoves[0]!.after).toEqual({ group_id: group.body.id })
  })

  it('changes nothing when one id is unknown or the selection includes yourself', async () => {
    const tag = uniqueName('atomic')
    const ids = await createTaggedUsers(admin.api, tag, ['a', 'b'])
    const unknown = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users/bulk', {
      ids: [...ids, crypto.randomUUID()],
      action: 'disable',
    })
    expect(unknown.status).toBe(404)
    const withSelf = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users/bulk', {
      ids: [...ids, admin.userId],
      action: 'disable',
    })
    expect(withSelf.status).toBe(403)
    const noGroup = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users/bulk', {
      ids,
      action: 'move',
    })
    expect(noGroup.status).toBe(400)
    const missingGroup = await admin.api.post<CorralErrorBody>('/corral/v1/admin/users/bulk', {
      ids,
      action: 'move',
      group: uniqueName('nowhere'),
    })
    expect(missingGroup.status).toBe(404)
    const after = await listUsers(admin.api, { q: tag })
    expect(after.users.map((entry) => [entry.disabled, entry.group_name])).toEqual([
      [false, 'default'],
      [false, 'default'],
    ])
    const empty = await admin.api.post<FieldErrorBody>('/corral/v1/admin/users/bulk', {
      ids: [],
      action: 'enable',
    })
    expect(empty.status).toBe(400)
    expect(empty.body.fields?.[0]).toMatchObject({ in: 'body', path: '/ids' })
  })
})
