import type { Database, UsersClient } from '@corral/core'
import { ConfigError } from '@corral/core'
import type { AccountsService } from './accounts-service.ts'
import { bootstrapNote, type RegistrationTokensService } from '../registration/registration-tokens-service.ts'

/** Arbitrary and fixed: replicas starting together bootstrap once. */
const bootstrapLockId = 7_260_002

export type BootstrapResult =
  | { kind: 'existing-users' }
  | { kind: 'admin-created'; username: string }
  | { kind: 'token-issued'; token: string }

/**
 * The first start of an empty installation: create the admin named by CORRAL_ADMIN_USERNAME and
 * CORRAL_ADMIN_PASSWORD, or, when they are unset, issue a single-use registration token for an
 * admin (earlier unused ones are revoked, since their secret cannot be shown again).
 */
export async function bootstrapAdmin(options: {
  database: Database
  users: UsersClient
  accounts: AccountsService
  invitations: RegistrationTokensService
  admin: { username: string; password: string } | undefined
}): Promise<BootstrapResult> {
  return options.database.withAdvisoryLock(bootstrapLockId, async () => {
    if ((await options.users.countUsers()) > 0) return { kind: 'existing-users' }
    if (options.admin) {
      try {
        await options.accounts.createUser(null, { ...options.admin, role: 'admin' })
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'CORRAL_ERR_WEAK_PASSWORD')
          throw new ConfigError('CORRAL_ADMIN_PASSWORD', (error as Error).message)
        if (code === 'CORRAL_ERR_VALIDATION')
          throw new ConfigError('CORRAL_ADMIN_USERNAME', (error as Error).message)
        throw error
      }
      return { kind: 'admin-created', username: options.admin.username }
    }
    await options.invitations.revokeBootstrapTokens()
    const { token } = await options.invitations.create(null, {
      maxUses: 1,
      role: 'admin',
      note: bootstrapNote,
    })
    return { kind: 'token-issued', token }
  })
}
