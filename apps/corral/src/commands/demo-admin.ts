import { operatorActor } from '@corral/core'
import type { Corral } from '../build-corral.ts'

/**
 * The demo's admin, in a state that matches what the demo prints: it exists, is an admin, is enabled,
 * has the printed password, and has one fresh API key named `demo` (earlier ones are revoked, so
 * they do not pile up run after run).
 */
export async function prepareDemoAdmin(
  corral: Corral,
  admin: { username: string; password: string },
): Promise<{ apiKey: string }> {
  const { users, auth } = corral
  let subject = await users.users.findLoginSubject(admin.username)
  if (!subject) {
    const created = await auth.accounts.createUser(operatorActor, { ...admin, role: 'admin' })
    subject = { id: created.id, username: created.username, role: 'admin', disabled: false }
  } else {
    if (subject.disabled || subject.role !== 'admin')
      await users.users.update(operatorActor, subject.id, { disabled: false, role: 'admin' })
    await auth.accounts.resetPassword(operatorActor, subject.id, admin.password)
  }
  for (const key of await users.apiKeys.list(subject.id))
    if (key.name === 'demo') await users.apiKeys.revokeAny(operatorActor, key.id)
  const { secret } = await users.apiKeys.create(operatorActor, subject.id, { name: 'demo' })
  return { apiKey: secret }
}
