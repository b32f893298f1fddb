import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operatorActor } from '@corral/core'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { listUsers, type AdminUser, type CorralErrorBody } from './admin-helpers.ts'

// Each test disables every other admin for a moment, so these run on a Corral of their own.
describe('the last enabled admin', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  it('cannot be demoted, disabled or deleted by the operator either', async () => {
    const only = await createUser(admin.api, { role: 'admin' })
    const service = corral.corral.users.users
    // Another way in: disabling the last admins one by one from the operator CLI.
    const enabledAdmins = (await listUsers(admin.api, { role: 'admin', status: 'active', limit: '500' }))
      .users
    const others = enabledAdmins.filter((entry) => entry.id !== only.userId)
    try {
      for (const other of others) await service.update(operatorActor, other.id, { disabled: true })
      for (const change of [{ role: 'user' as const }, { disabled: true }]) {
        await expect(service.update(operatorActor, only.userId, change)).rejects.toMatchObject({
          code: 'CORRAL_ERR_LAST_ADMIN',
          statusCode: 409,
        })
      }
      await expect(service.remove(operatorActor, only.userId)).rejects.toMatchObject({
        code: 'CORRAL_ERR_LAST_ADMIN',
      })
      expect((await only.api.get<AdminUser>(`/corral/v1/admin/users/${only.userId}`)).body).toMatchObject({
        role: 'admin',
        disabled: false,
      })
    } finally {
      for (const other of others) await service.update(operatorActor, other.id, { disabled: false })
    }
  })

  it('survives two admins demoting each other at the same moment', async () => {
    const first = await createUser(admin.api, { role: 'admin' })
    const second = await createUser(admin.api, { role: 'admin' })
    const service = corral.corral.users.users
    const enabledAdmins = (await listUsers(admin.api, { role: 'admin', status: 'active', limit: '500' }))
      .users
    const others = enabledAdmins.filter((entry) => ![first.userId, second.userId].includes(entry.id))
    try {
      for (const other of others) await service.update(operatorActor, other.id, { disabled: true })
      const [one, two] = await Promise.all([
        first.api.patch<CorralErrorBody>(`/corral/v1/admin/users/${second.userId}`, { role: 'user' }),
        second.api.patch<CorralErrorBody>(`/corral/v1/admin/users/${first.userId}`, { role: 'user' }),
      ])
      const statuses = [one.status, two.status].sort()
      expect(statuses[0]).toBe(200)
      // The loser is refused as the last admin, or as no longer an admin at all.
      expect([403, 409]).toContain(statuses[1])
      // The main admin is disabled for now: ask the service, as the operator would.
      const admins = await service.list({ role: 'admin', status: 'active', limit: 500, offset: 0 })
      expect(
        admins.users.map((entry) => entry.id).filter((id) => [first.userId, second.userId].includes(id)),
      ).toHaveLength(1)
    } finally {
      for (const other of others) await service.update(operatorActor, other.id, { disabled: false })
    }
  })
})
