import type { Logger } from 'pino'
import type { ChangeBus, Database, EventBus, UsersClient } from '@corral/core'
import { Errors, SecretBox } from '@corral/core'
import { AccountAdminService } from './accounts/account-admin-service.ts'
import { AccountRemovalRepository } from './accounts/account-removal-repository.ts'
import { AccountsService } from './accounts/accounts-service.ts'
import { CredentialsRepository } from './accounts/credentials-repository.ts'
import { PasswordHasher } from './passwords/password-hasher.ts'
import { RegistrationTokensRepository } from './registration/registration-tokens-repository.ts'
import { RegistrationTokensService } from './registration/registration-tokens-service.ts'
import { AccessTokens } from './sessions/access-tokens.ts'
import { KeyRing } from './sessions/key-ring.ts'
import { RefreshTokensRepository } from './sessions/refresh-tokens-repository.ts'
import { SessionsService } from './sessions/sessions-service.ts'
import { SigningKeysRepository } from './sessions/signing-keys-repository.ts'
import { LoginThrottle, type ThrottlePolicy } from './throttle/login-throttle.ts'
import { LoginThrottleRepository } from './throttle/login-throttle-repository.ts'

export interface AuthServices {
  users: UsersClient
  keyRing: KeyRing
  accessTokens: AccessTokens
  sessions: SessionsService
  throttle: LoginThrottle
  invitations: RegistrationTokensService
  accounts: AccountsService
  accountAdmin: AccountAdminService
  resolveGroupId(reference: string): Promise<string>
}

export interface AuthDependencies {
  database: Database
  changes: ChangeBus
  /** The system event stream (docs/monitoring.md): new accounts. */
  events: EventBus
  users: UsersClient
  logger: Logger
  /** 32 bytes that encrypt the signing keys at rest (see instance-secret.ts). */
  instanceSecret: Buffer
  throttlePolicy?: ThrottlePolicy
}

export function wireAuthServices(deps: AuthDependencies): AuthServices {
  const db = deps.database.db
  const keyRing = new KeyRing(
    new SigningKeysRepository(db),
    new SecretBox(deps.instanceSecret),
    deps.changes,
    deps.logger,
  )
  const accessTokens = new AccessTokens(keyRing)
  const sessions = new SessionsService(
    new RefreshTokensRepository(db),
    accessTokens,
    deps.users,
    deps.changes,
  )
  const throttle = new LoginThrottle(new LoginThrottleRepository(db), deps.throttlePolicy)
  const invitations = new RegistrationTokensService(new RegistrationTokensRepository(db), deps.users)
  const accounts = new AccountsService(
    new CredentialsRepository(db),
    new PasswordHasher(),
    deps.users,
    sessions,
    throttle,
    invitations,
    deps.events,
  )
  const accountAdmin = new AccountAdminService(
    accounts,
    sessions,
    new AccountRemovalRepository(db),
    deps.users,
  )
  return {
    users: deps.users,
    keyRing,
    accessTokens,
    sessions,
    throttle,
    invitations,
    accounts,
    accountAdmin,
    resolveGroupId: async (reference) => {
      const id = await deps.users.resolveGroupId(reference)
      if (!id) throw new Errors.notFound(`No group "${reference}"`)
      return id
    },
  }
}
